namespace PaperFeed.Core.Subscriptions;

/// <summary>The life of one digest edition for one subscriber.</summary>
public enum DeliveryStatus
{
    /// <summary>Planned: papers chosen, not handed to the mail server yet.</summary>
    Pending = 0,

    /// <summary>Claimed by a worker that is sending it now.</summary>
    Sending = 1,

    /// <summary>Accepted by the mail server.</summary>
    Sent = 2,

    /// <summary>A temporary failure (SMTP 4xx, connection): retried after <see cref="Delivery.NextAttemptAt"/>.</summary>
    RetryWait = 3,

    /// <summary>Given up: permanent rejection or too many attempts. Shown to the operator.</summary>
    Failed = 4,

    /// <summary>
    /// A worker died while sending it: the mail server may or may not have it. Never resent automatically (that could
    /// send it twice); shown to the operator.
    /// </summary>
    Interrupted = 5,

    /// <summary>Nothing to send for this edition (filters matched nothing, or all was sent before); evaluated once.</summary>
    Skipped = 6,
}
