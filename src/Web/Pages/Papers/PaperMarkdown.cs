using System.Globalization;
using System.Text;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;

namespace PaperFeed.Web.Pages.Papers;

/// <summary>
/// A paper as Markdown (<c>/papers/{id}.md</c>, or the paper page asked for <c>text/markdown</c>), for scripts and
/// agents, as Hugging Face serves its paper pages: the title, a list of facts with links, the AI summary, the abstract
/// and the keywords. Text from upstream is escaped, so it can never turn into Markdown (or HTML) structure.
/// </summary>
public static class PaperMarkdown
{
    public const string ContentType = "text/markdown; charset=utf-8";

    /// <param name="paper">The paper.</param>
    /// <param name="pageUrl">The absolute address of its page here.</param>
    /// <param name="lists">Where it was listed, newest first (as on its page).</param>
    public static string Write(Paper paper, string pageUrl, IReadOnlyList<(ListKey? List, FeaturedEntry Entry)> lists)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(paper.Title)).Append("\n\n");
        Fact(md, "arXiv", $"[{paper.ArxivId}]({Link(ArxivId.AbstractUrl(paper.ArxivId).AbsoluteUri)}) ([PDF]({Link(ArxivId.PdfUrl(paper.ArxivId).AbsoluteUri)}))");
        Fact(md, "Page", $"<{Link(pageUrl)}>");
        if (paper.Authors.Count > 0)
        {
            Fact(md, "Authors", Escape(string.Join(", ", paper.Authors)));
        }

        if (paper.PublishedAt is { } published)
        {
            Fact(md, "Published on arXiv", published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (paper.Organization is not null || paper.OrganizationHandle is not null)
        {
            Fact(md, "Organization", Escape(paper.Organization ?? paper.OrganizationHandle!) + (paper.OrganizationHandle is { } handle ? $" (`{handle}`)" : ""));
        }

        if (paper.Submitter is { } submitter)
        {
            Fact(md, "Submitted by", (paper.SubmitterName is { } name && name != submitter ? Escape(name) + " " : "") + $"(`{submitter}`)");
        }

        var huggingFace = lists.Where(l => l.List?.Kind == ListKind.HuggingFace).Select(l => l.Entry).ToList();
        if (huggingFace.Count > 0)
        {
            var best = huggingFace.MaxBy(e => e.Upvotes)!;
            Fact(md, "Upvotes", best.Upvotes.ToString(CultureInfo.InvariantCulture));
            Fact(md, "On Hugging Face's daily papers", string.Join(", ", huggingFace.Select(e => e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        }

        if (paper.Categories.Count > 0)
        {
            Fact(md, "Categories", Escape(string.Join(", ", paper.Categories)));
        }

        if (paper.GithubRepo is { } github)
        {
            Fact(md, "GitHub", $"<{Link(github)}>" + (paper.GithubStars is int stars ? $" ({stars.ToString(CultureInfo.InvariantCulture)} stars)" : ""));
        }

        if (paper.ProjectPage is { } project)
        {
            Fact(md, "Project page", $"<{Link(project)}>");
        }

        if (paper.Doi is { } doi)
        {
            Fact(md, "DOI", $"[{Escape(doi)}]({Link("https://doi.org/" + doi)})");
        }

        if (paper.JournalRef is { } journal)
        {
            Fact(md, "Journal reference", Escape(journal));
        }

        if (paper.ArxivComment is { } comment)
        {
            Fact(md, "Comment", Escape(comment));
        }

        if (paper.AiSummary is { } summary)
        {
            md.Append("\n## AI summary\n\n").Append(Escape(summary)).Append('\n');
        }

        md.Append("\n## Abstract\n\n");
        var paragraphs = PaperText.Paragraphs(paper.Abstract);
        md.Append(paragraphs.Count == 0 ? "No abstract is known for this paper yet." : string.Join("\n\n", paragraphs.Select(Escape))).Append('\n');
        if (paper.Keywords.Count > 0)
        {
            md.Append("\n## Keywords\n\n");
            foreach (var keyword in paper.Keywords)
            {
                md.Append("- ").Append(Escape(keyword)).Append('\n');
            }
        }

        return md.ToString();
    }

    /// <summary>
    /// Text as literal Markdown, on one line: a backslash before each character that makes inline syntax (emphasis,
    /// code, links, HTML, entities, tables, strike-through), and before what would start a heading, list, quote or
    /// ordered list at the start of a line. Line breaks become spaces.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '&' or '~' or '|')
            {
                escaped.Append('\\');
            }

            escaped.Append(c is '\r' or '\n' ? ' ' : c);
        }

        var digits = 0;
        while (digits < escaped.Length && char.IsAsciiDigit(escaped[digits]))
        {
            digits++;
        }

        if (escaped.Length > 0 && escaped[0] is '#' or '-' or '+' or '=')
        {
            escaped.Insert(0, '\\');
        }
        else if (digits > 0 && digits < escaped.Length && escaped[digits] is '.' or ')')
        {
            escaped.Insert(digits, '\\'); // "1. " would start an ordered list
        }

        return escaped.ToString();
    }

    private static void Fact(StringBuilder md, string name, string value) => md.Append("- **").Append(name).Append(":** ").Append(value).Append('\n');

    /// <summary>An address inside <c>&lt;…&gt;</c> or <c>(…)</c>: the characters that would end it are percent-encoded.</summary>
    private static string Link(string url) =>
        url.Replace(" ", "%20", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)
            .Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal);
}
