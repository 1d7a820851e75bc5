using PaperFeed.Core.Listing;

namespace PaperFeed.Web.Queries;

/// <summary>A page of a period's list, with the nearest periods before and after that have papers.</summary>
public sealed record PaperList(
    Period Period,
    ListSort Sort,
    IReadOnlyList<PaperListItem> Items,
    int Total,
    int Page,
    int PageSize,
    DateOnly? PreviousDay,
    DateOnly? NextDay)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public Period? Previous => PreviousDay is { } day ? Period.Containing(Period.Kind, day) : null;

    public Period? Next => NextDay is { } day ? Period.Containing(Period.Kind, day) : null;
}
