using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperFeed.Core.Ingestion.Arxiv;

/// <summary>
/// Turns the TeX accent commands that arXiv keeps in names and titles (<c>D\'enes</c>, <c>Schr\"odinger</c>,
/// <c>\v{S}koda</c>, <c>{\o}</c>, <c>\ss</c>) into the letters they stand for, so that "Dénes" is shown and found as
/// Hugging Face writes it. Anything else (math, other commands) is left as it is.
/// </summary>
public static partial class LatexAccents
{
    private static readonly Dictionary<string, char> Marks = new(StringComparer.Ordinal)
    {
        ["'"] = '\u0301', ["`"] = '\u0300', ["^"] = '\u0302', ["\""] = '\u0308', ["~"] = '\u0303', ["="] = '\u0304',
        ["."] = '\u0307', ["u"] = '\u0306', ["v"] = '\u030C', ["H"] = '\u030B', ["c"] = '\u0327', ["k"] = '\u0328',
        ["r"] = '\u030A', ["b"] = '\u0331', ["d"] = '\u0323',
    };

    private static readonly Dictionary<string, string> Letters = new(StringComparer.Ordinal)
    {
        ["ss"] = "ß", ["ae"] = "æ", ["AE"] = "Æ", ["oe"] = "œ", ["OE"] = "Œ", ["aa"] = "å", ["AA"] = "Å",
        ["o"] = "ø", ["O"] = "Ø", ["l"] = "ł", ["L"] = "Ł", ["i"] = "ı", ["j"] = "ȷ",
    };

    public static string Decode(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        // Math ($...$) is left as it is: \O, \L or \d mean other things there.
        var parts = MathSpan().Split(text);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!parts[i].StartsWith('$'))
            {
                parts[i] = DecodeText(parts[i]);
            }
        }

        return string.Concat(parts).Normalize(NormalizationForm.FormC);
    }

    private static string DecodeText(string text)
    {
        // {\'e}  \'{e}  \'e  \"{\i}
        var decoded = SymbolAccent().Replace(text, m => Accent(m.Groups["mark"].Value, m.Groups["letter"].Value));
        // {\v S}  \v{S}  \c c
        decoded = LetterAccent().Replace(decoded, m => Accent(m.Groups["mark"].Value, m.Groups["letter"].Value));
        // {\o}  \ss  \L{}
        return SpecialLetter().Replace(decoded, m => Letters[m.Groups["name"].Value]);
    }

    private static string Accent(string mark, string letter) =>
        (letter == "\\i" ? "i" : letter == "\\j" ? "j" : letter) + Marks[mark];

    // Braces only in pairs: around the whole accent, around the letter, or none.
    [GeneratedRegex(@"\{\\(?<mark>['`^""~=.])(?:\{(?<letter>[A-Za-z]|\\[ij])\}|(?<letter>[A-Za-z]|\\[ij]))\}|\\(?<mark>['`^""~=.])(?:\{(?<letter>[A-Za-z]|\\[ij])\}|(?<letter>[A-Za-z]|\\[ij](?![A-Za-z])))", RegexOptions.CultureInvariant)]
    private static partial Regex SymbolAccent();

    [GeneratedRegex(@"\{\\(?<mark>[uvHckrbd])(?:\{(?<letter>[A-Za-z]|\\[ij])\}| (?<letter>[A-Za-z]))\}|\\(?<mark>[uvHckrbd])(?:\{(?<letter>[A-Za-z]|\\[ij])\}| (?<letter>[A-Za-z]))", RegexOptions.CultureInvariant)]
    private static partial Regex LetterAccent();

    [GeneratedRegex(@"\{\\(?<name>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)\}|\\(?<name>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?:\{\}|(?![A-Za-z]))", RegexOptions.CultureInvariant)]
    private static partial Regex SpecialLetter();

    [GeneratedRegex(@"(\$[^$]*\$)", RegexOptions.CultureInvariant)]
    private static partial Regex MathSpan();
}
