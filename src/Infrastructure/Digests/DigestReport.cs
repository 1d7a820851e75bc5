namespace PaperFeed.Infrastructure.Digests;

/// <summary>What one digest run planned, skipped and sent: printed by <c>digests send</c>, logged by the job.</summary>
public sealed class DigestReport
{
    public List<PlannedDigest> Planned { get; } = [];

    public List<SkippedSubscriber> Skipped { get; } = [];

    public int Sent { get; set; }

    public int Retrying { get; set; }

    /// <summary>Deliveries still waiting for a retry after this run: the ones this run deferred and older ones not due yet.</summary>
    public int Waiting { get; set; }

    public int Failed { get; set; }

    /// <summary>Deliveries this run meant to send but another worker claimed first (so that worker sends them).</summary>
    public int TakenByOthers { get; set; }

    /// <summary>Failures and interrupted sends that need an operator's eye, one line each.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>What became of each subscriber's delivery in this run ("sent", "not sent, retrying after …"), by subscription id.</summary>
    public Dictionary<int, string> Outcomes { get; } = [];
}

/// <summary>A digest planned for one subscriber: the edition and the papers chosen.</summary>
public sealed record PlannedDigest(int SubscriptionId, string Email, string Edition, IReadOnlyList<string> Papers);

/// <summary>A subscriber who gets nothing in this run, why, and the kind of reason, for a summary ("not due yet").</summary>
public sealed record SkippedSubscriber(int SubscriptionId, string Email, string Reason, string Kind);
