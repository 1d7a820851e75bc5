namespace PaperFeed.Core.Subscriptions;

/// <summary>
/// One email address's subscription. Holds only what mailing needs: the address, its preferences, and when and how
/// consent was given (double opt-in). Secrets are never stored in clear: the confirmation token is kept as a hash,
/// and the manage and unsubscribe links are keyed hashes of <see cref="PublicId"/>.
/// </summary>
public sealed class Subscription
{
    public int Id { get; set; }

    /// <summary>A random, non-secret handle that links carry (the links' secret part is a keyed hash of it).</summary>
    public required string PublicId { get; set; }

    /// <summary>The normalized address (see the address validator).</summary>
    public required string Email { get; set; }

    public SubscriptionStatus Status { get; set; }

    public DigestPreferences Preferences { get; set; } = new();

    public DateTime CreatedAt { get; set; }

    /// <summary>SHA-256 of the pending confirmation token; null once confirmed.</summary>
    public string? ConfirmationTokenHash { get; set; }

    public DateTime? ConfirmationSentAt { get; set; }

    public DateTime? ConfirmationExpiresAt { get; set; }

    /// <summary>When the address owner confirmed (consent).</summary>
    public DateTime? ConfirmedAt { get; set; }

    /// <summary>How consent was given, e.g. "double opt-in: confirmation link emailed to the address, confirmed in the browser".</summary>
    public string? ConsentMethod { get; set; }

    /// <summary>Last time any email about this subscription was sent outside digests (confirmation, reminder), for rate limits.</summary>
    public DateTime? LastNoticeSentAt { get; set; }

    public DateTime? UnsubscribedAt { get; set; }

    public DateTime? SuppressedAt { get; set; }

    public string? SuppressionReason { get; set; }

    public List<Delivery> Deliveries { get; set; } = [];
}
