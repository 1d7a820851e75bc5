namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>
/// What a subscribe request did, for logs and tests only: the page shows the same text for every outcome,
/// so nobody can learn whether an address is subscribed.
/// </summary>
public enum SubscribeOutcome
{
    ConfirmationSent,
    AlreadySubscribedNoticeSent,
    RateLimited,
    Suppressed,
}
