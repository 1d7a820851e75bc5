namespace PaperFeed.Core.Library;

/// <summary>
/// A subscriber's mark on a paper (one per paper: marking it again replaces the mark). The saved ones are the
/// subscriber's library; both kinds train their "for you" ranking (<see cref="Recommendations.InterestModel"/>).
/// </summary>
public sealed class PaperMark
{
    public int SubscriptionId { get; set; }

    public int PaperId { get; set; }

    public MarkKind Kind { get; set; }

    public DateTime MarkedAt { get; set; }
}
