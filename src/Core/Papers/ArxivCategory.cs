using System.Text.RegularExpressions;

namespace PaperFeed.Core.Papers;

/// <summary>arXiv's category names: an archive, optionally with a subject class (cs.CL, hep-th, math.AG, cond-mat.str-el).</summary>
public static partial class ArxivCategory
{
    /// <summary>Whether <paramref name="text"/> is shaped like a category, as arXiv writes it (at most 40 characters).</summary>
    public static bool IsValid(string? text) => text is { Length: > 0 and <= 40 } && Pattern().IsMatch(text);

    [GeneratedRegex(@"^[a-z][a-z\-]*(\.[A-Za-z][A-Za-z\-]*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
