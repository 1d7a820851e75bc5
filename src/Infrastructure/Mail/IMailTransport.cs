using MimeKit;

namespace PaperFeed.Infrastructure.Mail;

/// <summary>Where outgoing mail goes: an SMTP server, or a folder of .eml files.</summary>
public interface IMailTransport
{
    /// <summary>Opens a batch: one connection reused for every message sent through it.</summary>
    Task<IMailBatch> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>An open connection. <see cref="SendAsync"/> throws <see cref="MailDeliveryException"/> saying whether a retry can help.</summary>
public interface IMailBatch : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
