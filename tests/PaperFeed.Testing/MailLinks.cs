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

    [GeneratedRegex(@"https?://[^/\s]+/confirm/\S+")]
    private static partial Regex ConfirmLink();
}
