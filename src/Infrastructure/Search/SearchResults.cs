namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// A page of results. <see cref="Total"/> is -1 when the query did not ask for it. <see cref="ReadAsPlainWords"/>: the
/// query was not valid FTS5 syntax and was searched as plain words.
/// </summary>
public sealed record SearchResults(SearchQuery Query, IReadOnlyList<SearchHit> Hits, int Total, bool ReadAsPlainWords)
{
    public int PageCount => Math.Max(1, (Math.Max(Total, 0) + Query.PageSize - 1) / Query.PageSize);
}
