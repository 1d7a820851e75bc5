namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// A page of results and the number of all matches. <see cref="ReadAsPlainWords"/>: the query was not valid syntax and
/// was searched as plain words. <see cref="Incomplete"/>: the index is still being built, so papers may be missing.
/// </summary>
public sealed record SearchResults(SearchQuery Query, IReadOnlyList<SearchHit> Hits, int Total, bool ReadAsPlainWords, bool Incomplete = false)
{
    public int PageCount => Math.Max(1, (Math.Max(Total, 0) + Query.PageSize - 1) / Query.PageSize);
}
