using PaperFeed.Core.Listing;

namespace PaperFeed.Core.Ingestion;

/// <summary>What a source is asked for: its scheduled run, or what an operator command names.</summary>
public abstract record SourceQuery
{
    /// <summary>What the recurring job fetches (each source says what in its own documentation).</summary>
    public static SourceQuery Scheduled { get; } = new ScheduledRun();

    /// <summary>The recurring job's run.</summary>
    public sealed record ScheduledRun : SourceQuery;

    /// <summary>Every day from <paramref name="From"/> to <paramref name="To"/>, oldest first, one unit each.</summary>
    public sealed record Days(DateOnly From, DateOnly To) : SourceQuery;

    /// <summary>One page of a period (a day, week or month) in one request; null: the trending list, which has no period.</summary>
    public sealed record Page(Period? Period) : SourceQuery;

    /// <summary>arXiv categories, one unit each; with a range, their papers submitted in it (arXiv's API).</summary>
    public sealed record Categories(IReadOnlyList<string> Names, DateOnly? From = null, DateOnly? To = null) : SourceQuery;

    /// <summary>Papers by arXiv id (versions ignored), to enrich what another source brought.</summary>
    public sealed record Ids(IReadOnlyList<string> ArxivIds) : SourceQuery;

    /// <summary>
    /// Saved responses (files, or folders of <c>.json</c> files) read instead of fetched; <paramref name="Day"/> is the
    /// day of entries that do not say theirs (else the date a file's name starts with).
    /// </summary>
    public sealed record Saved(IReadOnlyList<string> Paths, DateOnly? Day) : SourceQuery;
}
