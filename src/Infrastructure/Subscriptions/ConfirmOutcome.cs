namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>What opening a confirmation link found.</summary>
public enum ConfirmOutcome
{
    Confirmed,
    Expired,
    Unknown,
}
