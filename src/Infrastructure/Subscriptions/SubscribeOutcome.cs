namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>
/// What a subscribe request did, for logs and tests only: the page shows the same text for every outcome that
/// depends on the address, so nobody can learn whether an address is subscribed (<see cref="SiteLimited"/> is the same
/// for every address). The request itself sends nothing: <see cref="SubscriptionNotices"/> does, off the request path.
/// </summary>
public enum SubscribeOutcome
{
    /// <summary>A notice is due: a confirmation for a new, pending or unsubscribed address, the manage link for a subscribed one.</summary>
    NoticeRequested,

    /// <summary>The address was emailed less than 10 minutes ago, or a notice is already due: nothing more.</summary>
    RateLimited,

    Suppressed,

    /// <summary>The site-wide cap on subscribe emails this hour is reached: nothing requested, for any address.</summary>
    SiteLimited,
}

/// <summary>What sending a due notice did.</summary>
public enum NoticeOutcome
{
    ConfirmationSent,
    AlreadySubscribedNoticeSent,

    /// <summary>The mail server could not take it now: tried again later.</summary>
    WillRetry,

    /// <summary>Failed <see cref="SubscriptionNotices.MaxAttempts"/> times: dropped (logged); the person may ask again.</summary>
    GaveUp,

    /// <summary>Not sent for good: the address was suppressed meanwhile, or the server refused the recipient.</summary>
    Dropped,
}
