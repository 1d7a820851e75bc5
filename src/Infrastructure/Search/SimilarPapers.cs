using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// The papers of the whole catalog most like a given one, from the <see cref="SearchIndex"/>: Lucene's MoreLikeThis
/// picks the most telling words of the paper's title and abstract (weighed by tf-idf against the catalog) and the index
/// ranks every other paper by them with BM25, as a search for those words would. Asked when a page is made, not
/// precomputed: the query is bounded (at most 50 words, each in at most 2,000 papers, so at most 100,000 postings
/// whatever the catalog's size), and a paper page is made once per catalog version (the page cache), so the list
/// follows every change with no state of its own to keep. Author names are left out: on the recorded arXiv feed they
/// did not make the lists any better (docs/RECOMMENDATIONS.md).
/// </summary>
public sealed class SimilarPapers(SearchIndex index, PaperFeedDbContext db)
{
    /// <summary>How many similar papers a paper page and the API show.</summary>
    public const int Count = 8;

    /// <summary>As for a search: wait for at most this many pending catalog changes to be indexed (more: a rebuild is under way).</summary>
    private const int WaitForBacklog = 2_000;

    /// <summary>How many of the paper's words make the query, the most telling first (MoreLikeThis's default is 25; 50 did better).</summary>
    private const int QueryWords = 50;

    /// <summary>The weight of the paper's primary category beside its words (RecommendBench quality: 2, 3, 4, 5 tried).</summary>
    private const float CategoryBoost = 5f;

    /// <summary>
    /// A word in more than a quarter of the catalog (of a catalog of more than 8 papers), or in more than 2,000 papers, is
    /// never one of the query's words, however often the paper uses it: it says little about a topic, and its posting
    /// list is what a query pays for.
    /// </summary>
    private const int MaxDocFreq = 2_000;

    /// <summary>
    /// The papers most like the paper <paramref name="arxivId"/>, best first, without it; null when the catalog has no
    /// such paper. The index first takes in what the catalog changed since (as a search does), so a page made for a
    /// catalog version lists what that version holds.
    /// </summary>
    public async Task<SimilarResults?> FindAsync(string arxivId, int count, CancellationToken cancellationToken)
    {
        var paper = await db.Papers.AsNoTracking()
            .Where(p => p.ArxivId == arxivId)
            .Select(p => new { p.Id, p.Title, p.Abstract, p.PrimaryCategory, p.Categories })
            .FirstOrDefaultAsync(cancellationToken);
        if (paper is null)
        {
            return null;
        }

        var current = await index.CatchUpAsync(WaitForBacklog, cancellationToken);
        var categories = paper.PrimaryCategory is { } primary ? [primary, .. paper.Categories.Where(c => c != primary)] : paper.Categories;
        var ids = index.Search(searcher => searcher is null ? [] : Rank(searcher, paper.Id, paper.Title + "\n" + paper.Abstract, categories, count));
        var papers = ids.Count == 0 ? [] : await PapersAsync(ids, cancellationToken);
        return new SimilarResults(papers, !current);
    }

    /// <summary>The row ids of the <paramref name="count"/> papers most like <paramref name="text"/>, paper <paramref name="id"/> left out.</summary>
    private List<int> Rank(IndexSearcher searcher, int id, string text, IReadOnlyList<string> categories, int count)
    {
        var words = new MoreLikeThis(searcher.IndexReader)
        {
            Analyzer = index.Analyzer,
            FieldNames = [SearchFields.Text],
            MinTermFreq = 1, // an abstract says most things once
            MinDocFreq = 2, // a word no other paper has finds nothing
            MaxQueryTerms = QueryWords,
            // Every word counts as BM25 weighs it: boosting each by its tf-idf as well let a paper's rarest words (a
            // name, a typo) decide the list, and did worse (docs/RECOMMENDATIONS.md).
            ApplyBoost = false,
        };
        words.MaxDocFreq = Math.Clamp(searcher.IndexReader.NumDocs / 4, words.MinDocFreq, MaxDocFreq);
        using var reader = new StringReader(text);
        var query = new BooleanQuery
        {
            { words.Like(reader, SearchFields.Text), Occur.MUST },
            { new TermQuery(new Term(SearchFields.Id, id.ToString(CultureInfo.InvariantCulture))), Occur.MUST_NOT },
        };
        // A paper's arXiv categories are its authors' own word on its field: among the papers that share its words,
        // those listed in its primary category rise (×5), and in its other categories half as much. Papers without
        // categories (Hugging Face's alone) are ranked by their words only. docs/RECOMMENDATIONS.md has the weights tried.
        foreach (var (category, i) in categories.Select((c, i) => (c, i)))
        {
            query.Add(new TermQuery(new Term(SearchFields.Category, category.ToLowerInvariant())) { Boost = i == 0 ? CategoryBoost : CategoryBoost / 2 }, Occur.SHOULD);
        }

        return [.. searcher.Search(query, count).ScoreDocs.Select(d => int.Parse(searcher.Doc(d.Doc).Get(SearchFields.Id), CultureInfo.InvariantCulture))];
    }

    /// <summary>What a list shows of each paper, in rank order.</summary>
    private async Task<List<SimilarPaper>> PapersAsync(List<int> ids, CancellationToken cancellationToken)
    {
        var rows = await db.Papers.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.ArxivId, p.Title, p.Authors, p.PublishedAt, FirstDay = p.Featured.Min(f => (DateOnly?)f.Date) })
            .ToListAsync(cancellationToken);
        var byId = rows.ToDictionary(
            r => r.Id,
            r => new SimilarPaper(r.ArxivId, r.Title, r.Authors, r.FirstDay ?? (r.PublishedAt is { } published ? DateOnly.FromDateTime(published) : null)));
        return [.. ids.Where(byId.ContainsKey).Select(id => byId[id])];
    }
}
