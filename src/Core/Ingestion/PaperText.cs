using System.Text;

namespace PaperFeed.Core.Ingestion;

/// <summary>Normalizes upstream text for display: arXiv titles and abstracts carry hard line breaks.</summary>
public static class PaperText
{
    /// <summary>Collapses every run of white space (including "\n  " line breaks) to one space.</summary>
    public static string Title(string? text) => CollapseWhitespace(text ?? "");

    /// <summary>
    /// Joins hard-wrapped lines into paragraphs: a single line break becomes a space,
    /// a blank line (or a line break followed by indentation, arXiv's paragraph mark) separates paragraphs.
    /// </summary>
    public static string Abstract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var paragraphs = new List<string>();
        var current = new StringBuilder();
        foreach (var rawLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            // arXiv marks a new paragraph by indenting its first line.
            if (char.IsWhiteSpace(rawLine[0]))
            {
                Flush();
            }

            if (current.Length > 0)
            {
                current.Append(' ');
            }

            current.Append(line);
        }

        Flush();
        return string.Join("\n\n", paragraphs);

        void Flush()
        {
            if (current.Length > 0)
            {
                paragraphs.Add(CollapseWhitespace(current.ToString()));
                current.Clear();
            }
        }
    }

    /// <summary>Abstract paragraphs, for rendering each as its own block.</summary>
    public static IReadOnlyList<string> Paragraphs(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// What a card, a feed entry or a digest says of a paper: Hugging Face's AI summary when there is one, else the
    /// abstract as one paragraph, at most <paramref name="max"/> characters.
    /// </summary>
    public static string Blurb(string? aiSummary, string @abstract, int max) => aiSummary ?? Summary(@abstract, max);

    /// <summary>The abstract as one paragraph, at most <paramref name="max"/> characters.</summary>
    public static string Summary(string @abstract, int max) => Shorten(@abstract.Replace("\n\n", " ", StringComparison.Ordinal), max);

    /// <summary>At most <paramref name="max"/> characters, cut at a word boundary with an ellipsis.</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max);
        return string.Concat(text.AsSpan(0, cut > max / 2 ? cut : max).TrimEnd(" ,.;:".ToCharArray()), "…");
    }

    private static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
