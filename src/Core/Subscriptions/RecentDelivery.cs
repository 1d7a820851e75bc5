namespace PaperFeed.Core.Subscriptions;

/// <summary>A daily digest delivered (or on its way) to a subscriber lately: its edition key and when it was planned (UTC).</summary>
public sealed record RecentDelivery(string Edition, DateTime CreatedAt);
