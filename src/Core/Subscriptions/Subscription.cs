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

    /// <summary>
    /// A subscribe request asked for a notice (a confirmation, or the manage link for a subscribed address) to be sent
    /// from this time on; null when none is due. Requests only set it: the sending is done off the request path, so
    /// every request does the same work whatever the address's state.
    /// </summary>
    public DateTime? NoticeDueAt { get; set; }

    /// <summary>When a sender took the due notice; a claim older than a few minutes is a sender that stopped, and is taken over.</summary>
    public DateTime? NoticeClaimedAt { get; set; }

    /// <summary>Failed attempts at the due notice (each retried later, up to a bound).</summary>
    public int NoticeAttempts { get; set; }

    public DateTime? UnsubscribedAt { get; set; }

    public DateTime? SuppressedAt { get; set; }

    public string? SuppressionReason { get; set; }

    public List<Delivery> Deliveries { get; set; } = [];
}
