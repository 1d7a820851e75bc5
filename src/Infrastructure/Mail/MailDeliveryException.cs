namespace PaperFeed.Infrastructure.Mail;

/// <summary>
/// A message was not accepted. <see cref="Permanent"/>: the recipient was rejected (SMTP 5xx); <see cref="Ambiguous"/>:
/// the connection died after the server had taken the recipient, so it may have the message; else a retry may work.
/// </summary>
public sealed class MailDeliveryException(string message, bool permanent, bool connectionLost, Exception? inner = null, bool ambiguous = false) : Exception(message, inner)
{
    /// <summary>The server may or may not have the message: resending could deliver it twice.</summary>
    public bool Ambiguous { get; } = ambiguous;

    /// <summary>The server rejected the recipient for good: stop mailing this address.</summary>
    public bool Permanent { get; } = permanent;

    /// <summary>The connection is gone: the rest of the batch needs a new one.</summary>
    public bool ConnectionLost { get; } = connectionLost;
}
