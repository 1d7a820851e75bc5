using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace PaperFeed.Core.Papers;

/// <summary>Parses and normalizes arXiv identifiers: new style (2405.15738) and old style (astro-ph/0601001).</summary>
public static partial class ArxivId
{
    // New style since 2007: YYMM.NNNN (until 2014) or YYMM.NNNNN; old style: archive[.SUBJ]/YYMMNNN.
    [GeneratedRegex(@"^(?:(?<new>[0-9]{4}\.[0-9]{4,5})|(?<old>[a-z][a-z\-]*(?:\.[A-Z]{2})?/[0-9]{7}))(?:v(?<version>[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>
    /// A version number from its digits ("2" of "v2"), or null when it is not a number an <see cref="int"/> holds: a
    /// version is a detail, never a reason to lose the entry (or the run).
    /// </summary>
    public static int? Version(string digits) =>
        int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : null;

    /// <summary>
    /// Turns "arXiv:2405.15738v2", "https://arxiv.org/abs/2405.15738" or "2405.15738" into "2405.15738"
    /// (the version is dropped: one paper per id, whatever its version). False when the text is not an arXiv id.
    /// </summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100)
        {
            return false;
        }

        var s = text.Trim();
        foreach (var prefix in (ReadOnlySpan<string>)["https://arxiv.org/abs/", "http://arxiv.org/abs/", "https://arxiv.org/pdf/", "http://arxiv.org/pdf/", "arXiv:", "arxiv:"])
        {
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[prefix.Length..];
                break;
            }
        }

        var match = Pattern().Match(s);
        if (!match.Success)
        {
            return false;
        }

        id = match.Groups["new"].Success ? match.Groups["new"].Value : match.Groups["old"].Value;
        return true;
    }

    /// <summary>The arXiv abstract page of a (normalized) id.</summary>
    public static Uri AbstractUrl(string id) => new($"https://arxiv.org/abs/{id}");

    /// <summary>The arXiv PDF of a (normalized) id.</summary>
    public static Uri PdfUrl(string id) => new($"https://arxiv.org/pdf/{id}");
}
