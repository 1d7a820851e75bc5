using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;

namespace PaperFeed.Infrastructure.Mail;

/// <summary>Validates and normalizes what people type as their email address, with MimeKit's parser.</summary>
public static partial class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>
    /// A bare address ("name@example.org") in normal form: trimmed, lower case, the domain in ASCII (IDNA).
    /// Refuses display names, groups, several addresses, control characters (CR/LF cannot reach a header) and markup.
    /// </summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "Enter your email address.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"An email address has at most {MaxLength} characters.";
            return false;
        }

        if (text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or '"' or ',' or ';' or '(' or ')' or '\\' or '[' or ']'))
        {
            error = "Enter just the address, like name@example.org, without spaces or other characters around it.";
            return false;
        }

        if (!MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox) || mailbox.Address != text || !string.IsNullOrEmpty(mailbox.Name))
        {
            error = "That does not look like an email address (name@example.org).";
            return false;
        }

        var at = text.LastIndexOf('@');
        if (at <= 0)
        {
            error = "An email address has an @, like name@example.org.";
            return false;
        }

        var local = text[..at];
        var domain = text[(at + 1)..];
        if (local.Length is 0 or > 64 || !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            error = "That does not look like an email address (name@example.org).";
            return false;
        }

        try
        {
            domain = new IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            error = "The part after @ is not a valid domain name.";
            return false;
        }

        address = $"{local}@{domain}".ToLowerInvariant();
        error = null;
        return true;
    }

    /// <summary>For logs: "j***@example.org". Addresses are never logged in clear at Information level.</summary>
    public static string Redact(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : $"{address[0]}***{address[at..]}";
    }

    /// <summary>
    /// <paramref name="text"/> (a mail server's error, which often quotes the recipient: "550 5.1.1 &lt;jane@example.org&gt;:
    /// no such user") with every address in it redacted, for logs.
    /// </summary>
    public static string RedactAll(string text) => AddressInText().Replace(text, m => Redact(m.Value));

    [GeneratedRegex(@"[^\s<>()\[\]:;,=""']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex AddressInText();
}
