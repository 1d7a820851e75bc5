namespace PaperFeed.Core.Subscriptions;

/// <summary>The edition a subscriber gets now, or why they get nothing (for the log and the dry run).</summary>
public sealed record PlanDecision(Edition? Edition, PlanSkip Skip, string? Reason)
{
    public static PlanDecision Planned(Edition edition) => new(edition, PlanSkip.None, null);

    public static PlanDecision Skipped(PlanSkip skip, string reason) => new(null, skip, reason);
}
