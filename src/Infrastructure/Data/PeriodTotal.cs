namespace PaperFeed.Infrastructure.Data;

/// <summary>A paper's counts over a period of one source's list: its highest upvotes and comments, and its first day.</summary>
/// <remarks>Init properties, not a positional record: EF Core composes member-initialized projections into larger queries.</remarks>
public sealed class PeriodTotal
{
    public int PaperId { get; init; }

    public int Upvotes { get; init; }

    public int Comments { get; init; }

    public DateOnly FirstDay { get; init; }

    /// <summary>Its best place on the source's own lists of the period (null before positions were stored).</summary>
    public int? Position { get; init; }
}
