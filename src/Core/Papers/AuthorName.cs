using System.Globalization;
using System.Text;
using PaperFeed.Core.Ingestion.Arxiv;

namespace PaperFeed.Core.Papers;

/// <summary>
/// How author names are matched across sources: "Jürgen Müller", "Jurgen Muller", "J\"urgen M\"uller" (arXiv's TeX)
/// and "JÜRGEN MÜLLER" are one author. Different people who share a name are not told apart.
/// </summary>
public static class AuthorName
{
    public const int MaxKeyLength = 200;

    private static readonly Dictionary<char, string> Spelled = new()
    {
        ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ø'] = "o", ['ł'] = "l", ['đ'] = "d", ['ð'] = "d", ['þ'] = "th", ['ı'] = "i", ['ȷ'] = "j",
    };

    /// <summary>
    /// The form a name is matched in: TeX accents decoded, accents dropped, letters that carry no separate accent
    /// (ß, æ, ø, ł…) spelled out, lower case, any other character a space, spaces collapsed; at most
    /// <see cref="MaxKeyLength"/> characters. Empty when nothing of the name is a letter or digit.
    /// </summary>
    public static string Key(string name)
    {
        var key = new StringBuilder(name.Length);
        foreach (var c in LatexAccents.Decode(name).Normalize(NormalizationForm.FormKD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (Spelled.TryGetValue(c, out var spelled))
            {
                key.Append(spelled);
            }
            else if (char.IsLetterOrDigit(c))
            {
                key.Append(c);
            }
            else if (key.Length > 0 && key[^1] != ' ')
            {
                key.Append(' ');
            }
        }

        var text = key.ToString().TrimEnd();
        return text.Length > MaxKeyLength ? text[..MaxKeyLength].TrimEnd() : text;
    }
}
