namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>From the <c>Api</c> section: how much mail subscribe requests may cause, whoever sends them.</summary>
public sealed class SubscribeLimits
{
    public const string Section = "Api";

    /// <summary>
    /// Addresses the subscribe form may email (a confirmation or an "already subscribed" note) per hour, for the whole
    /// site: counted in the database, so across every web node. A soft cap: requests at the same moment may pass it by a few.
    /// </summary>
    public int SubscribeMailsPerHour { get; set; } = 300;
}
