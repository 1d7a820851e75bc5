using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperFeed.Core.Recommendations;

/// <summary>
/// The terms a paper's text is compared by: lower-case words of two or more letters and digits (starting with a
/// letter, accents dropped), without common English words and the words every abstract uses, then each word and each
/// pair of adjacent words ("diffusion", "video diffusion").
/// </summary>
public static partial class TextTerms
{
    // Function words, and the words of any abstract that say nothing of its topic.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "across", "after", "again", "against", "all", "also", "among", "an", "and", "any", "are",
        "as", "at", "be", "been", "being", "both", "but", "by", "can", "could", "do", "does", "each", "either", "etc",
        "for", "from", "further", "had", "has", "have", "here", "how", "however", "if", "in", "into", "is", "it", "its",
        "itself", "may", "more", "most", "much", "not", "of", "on", "only", "or", "other", "our", "ours", "over", "same",
        "several", "should", "show", "shows", "shown", "so", "some", "such", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "through", "thus", "to", "under", "up", "upon", "us", "use",
        "used", "uses", "using", "very", "via", "was", "we", "were", "what", "when", "where", "whether", "which", "while",
        "who", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
        "paper", "propose", "proposed", "proposes", "present", "presents", "introduce", "introduces", "approach",
        "approaches", "method", "methods", "results", "result", "new", "novel", "work", "based", "demonstrate",
        "experiments", "experimental", "existing", "achieve", "achieves", "state", "art", "well", "first", "two", "one",
        "significantly", "performance", "compared", "study", "framework", "different", "provide", "provides",
        "task", "tasks", "comprehensive", "improve", "improves", "improved", "improving", "enhance", "enhances",
        "enhanced", "enhancing", "leverage", "leverages", "leveraging", "various", "including", "key", "effective",
        "effectively", "remains", "remain", "challenging", "challenge", "challenges", "address", "addresses",
    };

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    /// <summary>The words of <paramref name="text"/> as compared, in order (pairs are made from these).</summary>
    public static IReadOnlyList<string> Words(string text) =>
        [.. Word().Matches(Fold(text)).Select(m => m.Value).Where(w => !Ignored.Contains(w))];

    /// <summary>The words of <paramref name="text"/> and the pairs of adjacent ones.</summary>
    public static IEnumerable<string> Of(string text)
    {
        var words = Words(text);
        for (var i = 0; i < words.Count; i++)
        {
            yield return words[i];
            if (i + 1 < words.Count)
            {
                yield return string.Concat(words[i], " ", words[i + 1]);
            }
        }
    }

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(char.ToLowerInvariant(c));
            }
        }

        return kept.ToString();
    }
}
