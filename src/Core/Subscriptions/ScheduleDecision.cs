namespace PaperFeed.Core.Subscriptions;

/// <summary>Whether a subscriber's digest is due now, their local date, and if not due, why.</summary>
public sealed record ScheduleDecision(bool Due, DateOnly LocalToday, string? Reason);
