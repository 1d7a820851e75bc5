namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>
/// What a subscribe request did, for logs and tests only: the page shows the same text for every outcome that
/// depends on the address, so nobody can learn whether an address is subscribed (<see cref="SiteLimited"/> is the same
/// for every address).
/// </summary>
public enum SubscribeOutcome
{
    ConfirmationSent,
    AlreadySubscribedNoticeSent,
    RateLimited,
    Suppressed,

    /// <summary>The site-wide cap on subscribe emails this hour is reached: nothing sent, for any address.</summary>
    SiteLimited,
}
