using System.Text.RegularExpressions;

namespace PaperFeed.Testing;

/// <summary>The links a test follows from a message it received, found in its text part.</summary>
public static partial class MailLinks
{
    /// <summary>The confirmation link in a confirmation message (absolute, as the message has it); fails the test when there is none.</summary>
    public static string Confirm(string textBody)
    {
        var match = ConfirmLink().Match(textBody);
        return match.Success ? match.Value : throw new InvalidOperationException($"No confirmation link in the message:\n{textBody}");
    }

    /// <summary>The "Save" (or "Not for me") link of the paper <paramref name="arxivId"/> in a digest's text part.</summary>
    public static string Mark(string textBody, string arxivId, bool save = true)
    {
        var prefix = save ? "Save to your library: " : "Not for me: ";
        var match = Regex.Match(textBody, $@"{prefix}(https?://[^/\s]+/library/[^/\s]+/{(save ? "save" : "not-for-me")}/{Regex.Escape(arxivId)})\s");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"No {prefix}link for {arxivId} in the message:\n{textBody}");
    }

    [GeneratedRegex(@"https?://[^/\s]+/confirm/\S+")]
    private static partial Regex ConfirmLink();
}
