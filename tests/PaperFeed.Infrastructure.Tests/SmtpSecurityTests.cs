using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// What the SMTP security setting does against a real SMTP conversation: unset, the password and the message go only
/// over TLS, and a server (or a network in between) that strips STARTTLS stops the send instead of reading it.
/// </summary>
public sealed class SmtpSecurityTests
{
    private const string Password = "relay-password-123";

    [Theory]
    [InlineData(null, 587, SecureSocketOptions.StartTls)]
    [InlineData(null, 25, SecureSocketOptions.StartTls)]
    [InlineData(null, 465, SecureSocketOptions.SslOnConnect)]
    [InlineData("", 465, SecureSocketOptions.SslOnConnect)] // a compose file's empty default
    [InlineData("Auto", 587, SecureSocketOptions.Auto)]
    [InlineData("None", 25, SecureSocketOptions.None)]
    [InlineData("StartTls", 465, SecureSocketOptions.StartTls)]
    public void Unset_security_is_TLS_that_cannot_be_stripped(string? configured, int port, SecureSocketOptions effective)
    {
        var settings = new Dictionary<string, string?> { ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (configured is not null)
        {
            settings["Email:Smtp:Security"] = configured;
        }

        var email = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(EmailOptions.Section).Get<EmailOptions>()!;

        Assert.Equal(effective, email.Smtp.EffectiveSecurity);
    }

    [Fact]
    public async Task By_default_a_server_that_does_not_offer_STARTTLS_gets_neither_the_password_nor_a_message()
    {
        await using var smtp = TestSmtpServer.Start();

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => SendAsync(smtp, security: null));

        Assert.Contains("does not support", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Email:Smtp:Security is StartTls by default: nothing is sent unencrypted", error.Message);
        Assert.Empty(smtp.Credentials);
        Assert.DoesNotContain(smtp.Commands, c => c.Verb is "MAIL" or "RCPT" or "DATA" || c.Verb.StartsWith("AUTH", StringComparison.Ordinal));
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task By_default_the_client_upgrades_with_STARTTLS_before_anything_else_and_checks_the_certificate()
    {
        await using var smtp = TestSmtpServer.Start();
        using var certificate = SelfSigned();
        smtp.StartTlsCertificate = certificate;

        // The certificate is self-signed, so MailKit refuses it: the upgrade was attempted first, and nothing went out.
        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => SendAsync(smtp, security: null));

        Assert.IsType<SslHandshakeException>(error.InnerException);
        Assert.Equal(["EHLO", "STARTTLS"], smtp.Commands.Select(c => c.Verb));
        Assert.Empty(smtp.Credentials);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Auto_falls_back_to_plain_text_only_when_asked_for()
    {
        await using var smtp = TestSmtpServer.Start();

        await SendAsync(smtp, security: "Auto");

        Assert.Equal([("digest", Password, false)], smtp.Credentials);
        Assert.Single(smtp.Messages);
    }

    private static async Task SendAsync(TestSmtpServer smtp, string? security)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Username"] = "digest",
            ["Email:Smtp:Password"] = Password,
            ["Email:Smtp:Timeout"] = "00:00:05",
        };
        if (security is not null)
        {
            settings["Email:Smtp:Security"] = security;
        }

        var email = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(EmailOptions.Section).Get<EmailOptions>()!;
        var transport = new SmtpMailTransport(Options.Create(email));
        await using var batch = await transport.OpenAsync(CancellationToken.None);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("digest@papers.example.org"));
        message.To.Add(MailboxAddress.Parse("reader@example.org"));
        message.Subject = "Today's papers";
        message.Body = new TextPart("plain") { Text = "A link with a token." };
        await batch.SendAsync(message, CancellationToken.None);
    }

    /// <summary>A certificate for localhost that no one trusts, made here.</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }
}
