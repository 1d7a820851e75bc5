using Lucene.Net.Analysis;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

namespace PaperFeed.Infrastructure.Search;

/// <summary>Classic Lucene syntax over the fields people may name; any other field name is a syntax error.</summary>
internal sealed class PaperQueryParser(string field, Analyzer analyzer) : QueryParser(SearchAnalyzers.Version, field, analyzer)
{
    private const int MinPrefix = 3;
    private const int MaxPrefixes = 5;
    private int _prefixes;

    protected override Query GetFieldQuery(string field, string queryText, bool quoted) => base.GetFieldQuery(Known(field), queryText, quoted);

    protected override Query GetFieldQuery(string field, string queryText, int slop) => base.GetFieldQuery(Known(field), queryText, slop);

    /// <summary>
    /// The prefix as typed and as the analyzer reads it: the index holds stems without diacritics, so
    /// "transformer*" also looks for terms starting with "transform", and "vulić*" for "vulic".
    /// </summary>
    protected override Query GetPrefixQuery(string field, string termStr)
    {
        // A prefix expands to every term it starts: short ones, or many in one query, would read most of the index.
        if (termStr.Length < MinPrefix || ++_prefixes > MaxPrefixes)
        {
            throw new UnsearchableException($"prefixes need {MinPrefix} letters, and a query at most {MaxPrefixes} of them");
        }

        var name = Known(field);
        var typed = base.GetPrefixQuery(name, termStr);
        var analyzed = Analyzed(name, termStr);
        if (analyzed is null || typed is not PrefixQuery prefix)
        {
            return typed;
        }

        // When one is a prefix of the other ("transform" of "transformer"), the shorter finds all the longer does.
        var text = prefix.Prefix.Text;
        if (text.StartsWith(analyzed, StringComparison.Ordinal))
        {
            return analyzed.Length == text.Length ? typed : new PrefixQuery(new Lucene.Net.Index.Term(name, analyzed));
        }

        return analyzed.StartsWith(text, StringComparison.Ordinal)
            ? typed
            : new BooleanQuery { { typed, Occur.SHOULD }, { new PrefixQuery(new Lucene.Net.Index.Term(name, analyzed)), Occur.SHOULD } };
    }

    // Wildcards inside a word (tr?nsf*rm) walk the term dictionary: only a trailing * (a prefix) is offered.
    protected override Query GetWildcardQuery(string field, string termStr) =>
        throw new UnsearchableException("wildcards are not searchable; a prefix such as transform* is");

    // Fuzzy (word~) and regular expression (/.../) queries walk the whole term dictionary, too slow over a large
    // catalog to offer; ranges have nothing to range over. All are read as plain words.
    protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity) =>
        throw new UnsearchableException("fuzzy queries are not searchable");

    protected override Query GetRegexpQuery(string field, string termStr) =>
        throw new UnsearchableException("regular expressions are not searchable");

    protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive) =>
        throw new UnsearchableException("ranges are not searchable");

    private string? Analyzed(string field, string text)
    {
        using var stream = Analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        var first = stream.IncrementToken() ? term.ToString() : null;
        var more = first is not null && stream.IncrementToken();
        stream.End();
        return more ? null : first;
    }

    private string Known(string name) => name.ToLowerInvariant() switch
    {
        _ when name == Field => name,
        "title" => SearchFields.Title,
        "authors" or "author" => SearchFields.Authors,
        "abstract" or "text" => SearchFields.Text,
        _ => throw new UnsearchableException($"{name}: is not a field (title:, authors: and abstract: are)"),
    };

    /// <summary>Valid syntax that is not searched as written (it would read most of the index); the message says why.</summary>
    internal sealed class UnsearchableException(string message) : ParseException(message);
}
