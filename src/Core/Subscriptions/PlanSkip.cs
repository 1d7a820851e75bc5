namespace PaperFeed.Core.Subscriptions;

/// <summary>Why a subscriber gets no digest in this run (see <see cref="DigestPlanner"/>); the log level follows from it.</summary>
public enum PlanSkip
{
    /// <summary>An edition is planned: nothing skipped.</summary>
    None = 0,

    /// <summary>Not their day or hour yet (<see cref="DigestSchedule"/>).</summary>
    NotDue = 1,

    /// <summary>No list has papers for a day before the subscriber's today.</summary>
    NoPapers = 2,

    /// <summary>The latest papers are older than the maximum edition age: ingestion has probably stalled.</summary>
    Stale = 3,

    /// <summary>The subscriber has a delivery row for this edition already (sent, waiting, skipped or failed).</summary>
    HasEdition = 4,

    /// <summary>The subscriber had a daily digest on this local day already.</summary>
    HadToday = 5,
}
