using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// Full-text search over titles, abstracts, author names and keywords, ranked by BM25 with title matches weighted
/// higher, from the <see cref="SearchIndex"/>. Every word must match; "phrases", prefixes (transform*),
/// <c>authors:</c>/<c>title:</c>, OR, NOT and -word work as in Lucene's classic syntax; a query that does not parse
/// is searched again as plain words. Lucene finds the page's papers; the database gives what is shown of them.
/// </summary>
public sealed class PaperSearch(SearchIndex index, PaperFeedDbContext db)
{
    public const char MarkStart = '\u0001';
    public const char MarkEnd = '\u0002';

    /// <summary>How much more a word in the title counts than the same word elsewhere.</summary>
    private const float TitleBoost = 3f;

    /// <summary>Searches wait for at most this many pending catalog changes to be indexed (more: a rebuild is under way).</summary>
    private const int WaitForBacklog = 2_000;

    /// <summary>How many of the best text matches the title score can reorder (more than any page shows).</summary>
    private const int RescoreWindow = 200;

    /// <summary>The most results one page holds (the API's largest limit, as Hugging Face's).</summary>
    public const int MaxPageSize = 120;

    /// <summary>Deepest result a page can show; deeper pages are empty.</summary>
    private const int MaxDepth = 10_000;

    /// <summary>A page of results as the search page shows them: titles, authors and snippets with the matches marked.</summary>
    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var ranked = await RankAsync(query, cancellationToken);
        var hits = ranked.Ids.Count == 0 ? [] : await HitsAsync(ranked.Ids, ranked.Query!.Combined, cancellationToken);
        return new SearchResults(query, hits, ranked.Total, ranked.PlainWordsBecause, ranked.Incomplete);
    }

    /// <summary>
    /// A page of results as arXiv ids, best first, for callers that read the papers themselves (the API and the search
    /// feeds): the ranking of <see cref="SearchAsync"/> without reading and marking what a page shows.
    /// </summary>
    public async Task<IReadOnlyList<string>> ArxivIdsAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var ids = (await RankAsync(query, cancellationToken)).Ids;
        if (ids.Count == 0)
        {
            return [];
        }

        var arxivIds = await db.Papers.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.ArxivId })
            .ToDictionaryAsync(p => p.Id, p => p.ArxivId, cancellationToken);
        return [.. ids.Where(arxivIds.ContainsKey).Select(id => arxivIds[id])];
    }

    /// <summary>The page's papers (index row ids, best first) and the number of all matches.</summary>
    private async Task<Ranked> RankAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var text = query.Text.Trim();
        if (text.Length == 0)
        {
            return new Ranked(null, [], 0, null, false);
        }

        var current = await index.CatchUpAsync(WaitForBacklog, cancellationToken);
        string? plain = null;
        var parsed = Parse(text, out var why);
        if (parsed is null)
        {
            plain = why;
            parsed = Parse(PlainWords(text), out _);
        }

        if (parsed is null)
        {
            return new Ranked(null, [], 0, plain, !current);
        }

        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var skip = (Math.Max(1, query.Page) - 1) * size;
        var (ids, total) = skip + size > MaxDepth
            ? ([], index.Search(searcher => searcher is null ? 0 : SlicedSearch.Search(searcher, parsed.Required, Filter(query), 1).TotalHits))
            : index.Search(searcher => searcher is null ? ([], 0) : Rank(searcher, parsed, Filter(query), skip, size));
        return new Ranked(parsed, ids, total, plain, !current);
    }

    /// <summary>Every word as a literal term: graph neural networks (all must match, nothing is syntax).</summary>
    public static string PlainWords(string text)
    {
        // Anything but letters, digits and inner - ' . separates words: "foo:bar" is two words, not "foobar".
        var spaced = new string([.. text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '\'' or '.' ? c : ' ')]);
        var words = spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('-', '\'', '.'))
            .Where(w => w.Length > 0)
            .Select(w => QueryParserBase.Escape(w.ToLowerInvariant())); // lower case: AND, OR and NOT are words here
        return string.Join(' ', words);
    }

    /// <summary>
    /// Ranks in two steps: BM25 over the text (title, abstract, authors, keywords) orders and counts every match; then
    /// the same words in the titles of the best <see cref="RescoreWindow"/> add their title score, which reorders those
    /// alone. Matches after the window keep their text order, so that every page of one search continues the one
    /// before it. This costs half as much as scoring the title for every match (docs/benchmarks.md); a paper whose
    /// title matches is almost always in the window anyway, since its title words are part of its text.
    /// </summary>
    private static (List<int> Ids, int Total) Rank(IndexSearcher searcher, ParsedQuery parsed, Filter? filter, int skip, int size)
    {
        var top = SlicedSearch.Search(searcher, parsed.Required, filter, Math.Max(skip + size, RescoreWindow));
        if (top.ScoreDocs.Length == 0)
        {
            return ([], top.TotalHits);
        }

        var window = top.ScoreDocs.Take(RescoreWindow).ToList();
        var candidates = new CandidateFilter(window.Select(d => d.Doc));
        var titles = searcher.Search(new FilteredQuery(parsed.Title, candidates, FilteredQuery.LEAP_FROG_FILTER_FIRST_STRATEGY), window.Count);
        var bonus = titles.ScoreDocs.ToDictionary(d => d.Doc, d => d.Score);
        var page = window
            .Select(d => (d.Doc, Score: d.Score + bonus.GetValueOrDefault(d.Doc)))
            .OrderByDescending(d => d.Score).ThenBy(d => d.Doc)
            .Select(d => d.Doc)
            .Concat(top.ScoreDocs.Skip(RescoreWindow).Select(d => d.Doc))
            .Skip(skip).Take(size)
            .Select(doc => int.Parse(searcher.Doc(doc).Get(SearchFields.Id), CultureInfo.InvariantCulture))
            .ToList();
        return (page, top.TotalHits);
    }

    /// <summary>The query: every clause must match the text; the same words in the title add to the score.</summary>
    /// <param name="why">When it does not parse, why, in words for the searcher.</param>
    private ParsedQuery? Parse(string text, out string? why)
    {
        why = null;
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            var required = new PaperQueryParser(SearchFields.Text, index.Analyzer) { DefaultOperator = Operator.AND }.Parse(text);
            var title = new PaperQueryParser(SearchFields.Title, index.Analyzer) { DefaultOperator = Operator.OR }.Parse(text);
            title.Boost = TitleBoost;
            return new ParsedQuery(required, title);
        }
        catch (ParseException e)
        {
            // Lucene wraps what the parser threw in its own "Cannot parse '…'" exception.
            why = (e as PaperQueryParser.UnsearchableException ?? e.InnerException as PaperQueryParser.UnsearchableException)?.Message
                ?? "it is not valid query syntax";
            return null;
        }
    }

    private sealed record Ranked(ParsedQuery? Query, List<int> Ids, int Total, string? PlainWordsBecause, bool Incomplete);

    private sealed record ParsedQuery(Query Required, Query Title)
    {
        /// <summary>Both parts as one query (for highlighting: every word that matched anywhere).</summary>
        public Query Combined => new BooleanQuery { { Required, Occur.MUST }, { Title, Occur.SHOULD } };
    }

    private static QueryWrapperFilter? Filter(SearchQuery query)
    {
        var filters = new BooleanQuery();
        if (query.MinUpvotes > 0)
        {
            filters.Add(NumericRangeQuery.NewInt32Range(SearchFields.Upvotes, query.MinUpvotes, null, true, true), Occur.MUST);
        }

        if (query.From is not null || query.To is not null)
        {
            filters.Add(NumericRangeQuery.NewInt32Range(SearchFields.Featured, query.From?.DayNumber, query.To?.DayNumber, true, true), Occur.MUST);
        }

        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            filters.Add(new TermQuery(new Lucene.Net.Index.Term(SearchFields.Category, query.Category.Trim().ToLowerInvariant())), Occur.MUST);
        }

        return filters.Clauses.Count == 0 ? null : new QueryWrapperFilter(filters);
    }

    /// <summary>What the page shows of each paper, in rank order, with the matched words marked.</summary>
    private async Task<List<SearchHit>> HitsAsync(List<int> ids, Query highlight, CancellationToken cancellationToken)
    {
        var marker = new SearchMarker(highlight, index.Analyzer);
        var rows = await db.Papers.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id,
                p.ArxivId,
                p.Title,
                p.Abstract,
                p.Authors,
                Upvotes = p.Featured.Max(f => (int?)f.Upvotes),
                LastDay = p.Featured.Max(f => (DateOnly?)f.Date),
            })
            .ToListAsync(cancellationToken);
        var hits = rows.ToDictionary(
            r => r.Id,
            r => new SearchHit(
                r.ArxivId,
                r.Title,
                marker.Whole(SearchFields.Title, r.Title),
                [.. r.Authors.Select(a => marker.Whole(SearchFields.Authors, a))],
                marker.Snippet(r.Abstract),
                r.Upvotes ?? 0,
                r.LastDay,
                ids.IndexOf(r.Id)));

        return [.. ids.Where(hits.ContainsKey).Select(id => hits[id])];
    }
}
