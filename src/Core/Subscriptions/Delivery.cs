namespace PaperFeed.Core.Subscriptions;

/// <summary>
/// One digest edition for one subscriber. Unique per (subscription, edition) in the database: written before sending,
/// marked after. That key, not the scheduler, is what makes every edition go out at most once.
/// </summary>
public sealed class Delivery
{
    public int Id { get; set; }

    public int SubscriptionId { get; set; }

    public Subscription Subscription { get; set; } = null!;

    /// <summary>"daily:2025-06-17" or "weekly:2025-W25".</summary>
    public required string Edition { get; set; }

    public DateOnly PeriodStart { get; set; }

    public DateOnly PeriodEnd { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? ClaimedAt { get; set; }

    public DateTime? SentAt { get; set; }

    public string? LastError { get; set; }

    public List<DeliveryPaper> Papers { get; set; } = [];
}
