using System.Globalization;
using System.Text;

namespace PaperFeed.Core.Papers;

/// <summary>
/// A paper as a BibTeX entry for reference managers: <c>@misc</c> with the arXiv e-print fields (as arXiv's own export
/// has them), plus the DOI and the journal reference when arXiv knows them. The text is UTF-8 as stored, with LaTeX's
/// special characters escaped so that any title or name reads back as written.
/// </summary>
public static class BibTex
{
    public const string ContentType = "application/x-bibtex; charset=utf-8";

    public static string Write(Paper paper)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("title", $"{{{Escape(paper.Title)}}}"), // double braces keep the title's capitals
            ("author", string.Join(" and ", paper.Authors.Select(Escape))),
            ("year", Year(paper).ToString(CultureInfo.InvariantCulture)),
            ("eprint", paper.ArxivId),
            ("archivePrefix", "arXiv"),
        };
        if ((paper.PrimaryCategory ?? paper.Categories.FirstOrDefault()) is { } primary)
        {
            fields.Add(("primaryClass", Escape(primary)));
        }

        if (paper.Doi is not null)
        {
            fields.Add(("doi", Escape(paper.Doi)));
        }

        if (paper.JournalRef is not null)
        {
            fields.Add(("journal", Escape(paper.JournalRef)));
        }

        fields.Add(("url", ArxivId.AbstractUrl(paper.ArxivId).AbsoluteUri)); // the paper's home, not this instance

        var entry = new StringBuilder().Append("@misc{").Append(Key(paper)).Append(",\n");
        var width = fields.Max(f => f.Name.Length);
        foreach (var (name, value) in fields.Where(f => f.Value.Length > 0))
        {
            entry.Append("  ").Append(name.PadRight(width)).Append(" = {").Append(value).Append("},\n");
        }

        return entry.Append("}\n").ToString();
    }

    /// <summary>
    /// The citation key, as reference managers make them: the first author's family name, the year and the title's
    /// first long word, in ASCII lower case (<c>vaswani2017attention</c>), with the arXiv id when there is no author.
    /// </summary>
    public static string Key(Paper paper)
    {
        var family = paper.Authors.Count > 0 ? paper.Authors[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "" : "";
        var word = paper.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Ascii).FirstOrDefault(w => w.Length > 3) ?? "";
        var key = Ascii(family) + Year(paper).ToString(CultureInfo.InvariantCulture) + word;
        return Ascii(family).Length > 0 ? key : "arxiv" + paper.ArxivId.Replace('/', '_').Replace('.', '_');
    }

    /// <summary>The year on arXiv: the first version's date when known, else the year the id was given (YYMM).</summary>
    private static int Year(Paper paper)
    {
        if (paper.PublishedAt is { } published)
        {
            return published.Year;
        }

        var digits = paper.ArxivId.Contains('/', StringComparison.Ordinal) ? paper.ArxivId[(paper.ArxivId.IndexOf('/', StringComparison.Ordinal) + 1)..] : paper.ArxivId;
        var yy = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
        return yy >= 91 ? 1900 + yy : 2000 + yy; // arXiv began in 1991
    }

    /// <summary>Lower-case ASCII letters and digits of <paramref name="text"/>, accents dropped ("Müller" → "muller").</summary>
    private static string Ascii(string text)
    {
        var key = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                key.Append(c);
            }
            else if (c is >= 'A' and <= 'Z')
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString();
    }

    /// <summary>LaTeX's special characters made literal, so that no title can open a group or a command.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' => @"\textbackslash{}",
                '{' or '}' or '&' or '%' or '$' or '#' or '_' => $"\\{c}",
                '~' => @"\textasciitilde{}",
                '^' => @"\textasciicircum{}",
                '\r' or '\n' or '\t' => " ",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
