namespace PaperFeed.Core.Subscriptions;

/// <summary>Where a subscription stands. Only <see cref="Active"/> subscriptions ever get a digest.</summary>
public enum SubscriptionStatus
{
    /// <summary>Asked for, not confirmed yet: only confirmation emails go to this address.</summary>
    Pending = 0,

    /// <summary>Confirmed through the link in the confirmation email (double opt-in).</summary>
    Active = 1,

    /// <summary>Left by the subscriber; can come back from the manage page.</summary>
    Unsubscribed = 2,

    /// <summary>The address's mail server rejected it permanently (SMTP 5xx): nothing is sent to it any more.</summary>
    Suppressed = 3,
}
