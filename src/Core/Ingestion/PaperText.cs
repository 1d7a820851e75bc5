using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;

namespace PaperFeed.Core.Ingestion;

/// <summary>Normalizes upstream text for display: arXiv titles and abstracts carry hard line breaks.</summary>
public static class PaperText
{
    /// <summary>
    /// The text without the characters XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage return;
    /// lone surrogates; U+FFFE and U+FFFF), which upstream data may hold and which would make a feed, the JSON's
    /// consumers or a mail client choke; the white-space ones (vertical tab, form feed) become a space. Returns the same
    /// string when it has none.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Clean(string? text)
    {
        if (text is null || FirstInvalid(text) < 0)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i, 2);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
            else if (char.IsWhiteSpace(text[i]))
            {
                clean.Append(' '); // a vertical tab or form feed separates words
            }
        }

        return clean.ToString();
    }

    /// <summary>Whether the text holds a character <see cref="Clean"/> would remove (a request parameter with one is refused).</summary>
    public static bool HasInvalidCharacters(string? text) => text is not null && FirstInvalid(text) >= 0;

    private static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

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
