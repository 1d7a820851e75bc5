using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Data;

/// <summary>A paper of a period's list with its counts (see <see cref="PeriodTotalsQuery"/>): what the pages, feeds and API rank.</summary>
/// <remarks>Init properties, not a positional record: EF Core composes member-initialized projections into larger queries.</remarks>
public sealed class RankedPaper
{
    public required Paper Paper { get; init; }

    public int Upvotes { get; init; }

    public int Comments { get; init; }

    public int? Position { get; init; }

    public DateOnly FirstDay { get; init; }
}
