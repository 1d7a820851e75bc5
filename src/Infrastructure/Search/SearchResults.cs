namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// A page of results and the number of all matches. <see cref="PlainWordsBecause"/>: why the query was searched as plain
/// words (not valid syntax, a short prefix, …), null when it was read as written. <see cref="Incomplete"/>: the index is
/// still being built, so papers may be missing.
/// </summary>
public sealed record SearchResults(SearchQuery Query, IReadOnlyList<SearchHit> Hits, int Total, string? PlainWordsBecause, bool Incomplete = false)
{
    public bool ReadAsPlainWords => PlainWordsBecause is not null;

    public int PageCount => Math.Max(1, (Math.Max(Total, 0) + Query.PageSize - 1) / Query.PageSize);
}
