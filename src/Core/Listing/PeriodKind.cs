namespace PaperFeed.Core.Listing;

/// <summary>The length of a listing period: the Daily, Weekly and Monthly tabs.</summary>
public enum PeriodKind
{
    Day,
    Week,
    Month,
}
