using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// How text becomes terms. Words are lower-cased, folded to ASCII (so "Vulic" finds "Vulić"), stop words dropped and
/// Porter-stemmed ("models" finds "model"); author names are folded but never stemmed. The same analyzers read the
/// index, the queries and the highlighted text, so a highlight marks exactly what matched.
/// </summary>
internal static class SearchAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Per field: <see cref="SearchFields.Authors"/> as names, everything else as English words.</summary>
    public static Analyzer Create() => new PerFieldAnalyzerWrapper(
        new WordsAnalyzer(),
        new Dictionary<string, Analyzer> { [SearchFields.Authors] = new NamesAnalyzer() });

    private sealed class WordsAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream words = new EnglishPossessiveFilter(Version, source);
            words = new LowerCaseFilter(Version, words);
            words = new ASCIIFoldingFilter(words);
            words = new StopFilter(Version, words, EnglishAnalyzer.DefaultStopSet);
            return new TokenStreamComponents(source, new PorterStemFilter(words));
        }
    }

    private sealed class NamesAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            return new TokenStreamComponents(source, new ASCIIFoldingFilter(new LowerCaseFilter(Version, source)));
        }
    }
}

/// <summary>The fields of a paper's search document.</summary>
internal static class SearchFields
{
    /// <summary>The paper's row id (stored; the key for updates).</summary>
    public const string Id = "id";

    /// <summary>Title, abstract, authors and keywords together: what every word of a query must match.</summary>
    public const string Text = "text";

    /// <summary>The title alone: matches here rank higher, and <c>title:word</c> searches it.</summary>
    public const string Title = "title";

    /// <summary>Author names: <c>authors:hinton</c>.</summary>
    public const string Authors = "authors";

    /// <summary>arXiv categories in lower case (<c>cs.cl</c>): the category filter, whatever case people type.</summary>
    public const string Category = "category";

    /// <summary>The most upvotes any list gave the paper: the minimum-upvotes filter.</summary>
    public const string Upvotes = "upvotes";

    /// <summary>Every day the paper was on a list (as <see cref="DateOnly.DayNumber"/>): the date filter.</summary>
    public const string Featured = "featured";
}
