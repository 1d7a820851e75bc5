using PaperFeed.Core.Listing;

namespace PaperFeed.Core.Subscriptions;

/// <summary>A digest edition: the day (daily) or ISO week (weekly) whose papers it carries.</summary>
public sealed record Edition(DigestFrequency Frequency, Period Period)
{
    /// <summary>The delivery key: "daily:2025-06-17" or "weekly:2025-W25".</summary>
    public string Key => $"{(Frequency == DigestFrequency.Daily ? "daily" : "weekly")}:{Period.Slug}";
}
