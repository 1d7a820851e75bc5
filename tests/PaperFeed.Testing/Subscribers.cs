using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Testing;

/// <summary>Subscribers made directly in the database, for tests about what happens after the double opt-in.</summary>
public static class Subscribers
{
    /// <summary>A confirmed subscriber, as if they had gone through double opt-in at <paramref name="at"/>.</summary>
    public static Subscription Confirmed(string email, DateTime at, Action<DigestPreferences>? configure = null)
    {
        var subscription = new Subscription
        {
            PublicId = SubscriptionTokens.NewPublicId(),
            Email = email,
            Status = SubscriptionStatus.Active,
            CreatedAt = at,
            ConfirmedAt = at,
            ConsentMethod = "test",
        };
        configure?.Invoke(subscription.Preferences);
        return subscription;
    }
}
