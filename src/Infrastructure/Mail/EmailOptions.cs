using MailKit.Security;

namespace PaperFeed.Infrastructure.Mail;

/// <summary>The <c>Email</c> configuration section. With no <c>Smtp:Host</c>, mail is written to a pickup folder.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The From address of every message.</summary>
    public string From { get; set; } = "PaperFeed <paperfeed@localhost>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where .eml files go when no SMTP host is set; relative to the data directory.</summary>
    public string PickupDirectory { get; set; } = "mail-pickup";

    /// <summary>Attempts per digest before it is marked failed (temporary errors only; a 5xx rejection fails at once).</summary>
    public int MaxAttempts { get; set; } = 5;

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }

        public int Port { get; set; } = 587;

        /// <summary>MailKit's modes: Auto, None, StartTls, StartTlsWhenAvailable, SslOnConnect.</summary>
        public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

        public string? Username { get; set; }

        public string? Password { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }
}
