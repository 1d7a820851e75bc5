using System.Text.RegularExpressions;

namespace PaperFeed.Web;

/// <summary>Hides the secret part of PaperFeed's personal links before a path is logged.</summary>
public static partial class LinkSecrets
{
    // Routing ignores case, so the redaction does too: /Manage/… reaches the same page.
    [GeneratedRegex(@"^/(confirm|manage|unsubscribe|feeds/personal|feeds/library|library)/[^/?]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Secret();

    public static string Redact(string path) => Secret().Replace(path, "/$1/…");
}
