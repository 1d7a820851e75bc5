using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperFeed.Bench;

/// <summary>
/// scikit-learn's <c>TfidfVectorizer</c> as arxiv-sanity-lite's compute.py sets it up, written out: accents stripped
/// (NFKD), lower case, tokens of two or more word characters starting with a letter, English stop words dropped, then
/// words and pairs of adjacent words; terms in more than half the documents or fewer than 5 dropped, then the 20,000
/// most frequent kept; sublinear tf (1 + ln count), smoothed idf (ln((1 + n) / (1 + df)) + 1), each row scaled to unit length.
/// </summary>
internal static partial class TfIdfVectorizer
{
    [GeneratedRegex(@"\b[a-zA-Z_][a-zA-Z0-9_]+\b")]
    private static partial Regex Token();

    /// <summary>The rows of <paramref name="documents"/>, and how many features were kept.</summary>
    public static (SparseVector[] Rows, int Features) FitTransform(IReadOnlyList<string> documents, ISet<string> stopWords, int maxFeatures = 20_000, int minDf = 5, double maxDf = 0.5)
    {
        var counts = documents.Select(d => Terms(d, stopWords).GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in counts)
        {
            foreach (var (term, count) in document)
            {
                df[term] = df.GetValueOrDefault(term) + 1;
                total[term] = total.GetValueOrDefault(term) + count;
            }
        }

        var n = documents.Count;
        var vocabulary = df.Where(t => t.Value <= maxDf * n && t.Value >= minDf)
            .Select(t => t.Key)
            .OrderByDescending(t => total[t]).ThenBy(t => t, StringComparer.Ordinal)
            .Take(maxFeatures)
            .Order(StringComparer.Ordinal)
            .Select((term, index) => (term, index))
            .ToDictionary(t => t.term, t => t.index, StringComparer.Ordinal);
        var idf = vocabulary.ToDictionary(t => t.Value, t => Math.Log((1.0 + n) / (1.0 + df[t.Key])) + 1.0);
        SparseVector[] rows = [.. counts.Select(document =>
        {
            var row = document.Where(t => vocabulary.ContainsKey(t.Key))
                .Select(t => (Index: vocabulary[t.Key], Value: (1.0 + Math.Log(t.Value)) * idf[vocabulary[t.Key]]))
                .OrderBy(t => t.Index)
                .ToList();
            var norm = Math.Sqrt(row.Sum(t => t.Value * t.Value));
            return new SparseVector([.. row.Select(t => t.Index)], [.. row.Select(t => norm == 0 ? 0 : t.Value / norm)]);
        })];
        return (rows, vocabulary.Count);
    }

    /// <summary>The words and the pairs of adjacent words (after stop words are dropped, as scikit-learn does).</summary>
    private static IEnumerable<string> Terms(string text, ISet<string> stopWords)
    {
        var words = Token().Matches(StripAccents(text).ToLowerInvariant()).Select(m => m.Value).Where(w => !stopWords.Contains(w)).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            yield return words[i];
            if (i + 1 < words.Count)
            {
                yield return words[i] + " " + words[i + 1];
            }
        }
    }

    private static string StripAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark))
        {
            kept.Append(c);
        }

        return kept.ToString();
    }
}
