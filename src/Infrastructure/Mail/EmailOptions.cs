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

    /// <summary>Days a message is kept in the pickup folder: it holds an address and personal links.</summary>
    public int PickupRetentionDays { get; set; } = 7;

    /// <summary>The largest <see cref="PickupRetentionDays"/> (ten years): more is no retention at all.</summary>
    public const int MaxPickupRetentionDays = 3650;

    /// <summary>Attempts per digest before it is marked failed (temporary errors only; a 5xx rejection fails at once).</summary>
    public int MaxAttempts { get; set; } = 5;

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }

        public int Port { get; set; } = 587;

        /// <summary>
        /// MailKit's modes: None, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect. Unset means
        /// <see cref="EffectiveSecurity"/>: encrypted or nothing.
        /// </summary>
        public SecureSocketOptions? Security { get; set; }

        /// <summary>
        /// <see cref="Security"/> as set, or TLS that cannot be stripped: SslOnConnect on port 465, StartTls (required,
        /// so a server or a network in between that does not offer it stops the send) on any other. Auto and
        /// StartTlsWhenAvailable, which fall back to plain text, only when asked for.
        /// </summary>
        public SecureSocketOptions EffectiveSecurity => Security ?? (Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);

        public string? Username { get; set; }

        public string? Password { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }
}
