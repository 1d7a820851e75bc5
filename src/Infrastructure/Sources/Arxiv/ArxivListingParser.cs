using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// Reads arXiv's new-listing page (<c>/list/{category}/new</c>) as arXiv's browse templates write it: a heading
/// "Showing new listings for Thursday, 28 November 2024", then sections ("New submissions", "Cross submissions" or
/// "Cross-lists", "Replacement submissions" or "Replacements") of <c>dl</c> lists whose <c>dt</c> holds the
/// <c>/abs/{id}</c> link and whose <c>dd</c> holds <c>div.list-title</c>, <c>div.list-authors</c>,
/// <c>div.list-subjects</c> (with <c>span.primary-subject</c>) and the abstract in <c>p.mathjax</c>.
/// Sections map to the RSS feed's announce types: new, cross, replace. A page whose structure changed throws
/// <see cref="UpstreamFormatException"/> naming what is missing; a page that says "No updates today." is an empty listing.
/// </summary>
public static partial class ArxivListingParser
{
    [GeneratedRegex(@"Showing new listings for\s+(?<date>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    // "Computation and Language (cs.CL)", "Strongly Correlated Electrons (cond-mat.str-el)", "High Energy Physics - Theory (hep-th)".
    [GeneratedRegex(@"\((?<code>[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?)\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryCode();

    [GeneratedRegex(@"v(?<version>[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSuffix();

    /// <summary>Entries are numbered from 1 in page order, as arXiv numbers them ([1], [2], …).</summary>
    public static ArxivListing Parse(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var page = document.QuerySelector("#dlpage") ?? document.Body ?? throw new UpstreamFormatException("arXiv listing has no body");
        var day = AnnouncementDay(page);
        var noUpdates = page.QuerySelectorAll("p").Any(p => p.TextContent.Contains("No updates", StringComparison.OrdinalIgnoreCase));
        if (page.QuerySelector("dl") is null)
        {
            return noUpdates ? new ArxivListing(day, [], []) : throw new UpstreamFormatException("arXiv listing has no <dl> of papers");
        }

        var entries = new List<ArxivEntry>();
        var skipped = new List<SkippedEntry>();
        string? section = null;
        var number = 0;
        foreach (var element in page.QuerySelectorAll("h3, dl > dt"))
        {
            if (element.LocalName == "h3")
            {
                section = PaperText.Title(element.TextContent);
                continue;
            }

            number++;
            try
            {
                entries.Add(ParseEntry(element, AnnounceType(section, element)));
            }
            catch (EntryException e)
            {
                skipped.Add(new SkippedEntry(number, e.Id, e.Message));
            }
        }

        if (number == 0 && !noUpdates)
        {
            throw new UpstreamFormatException("arXiv listing's <dl> has no <dt> entries");
        }

        if (entries.Count == 0 && skipped.Count > 0)
        {
            throw new UpstreamFormatException($"none of the {skipped.Count} entries of the arXiv listing could be read (entry {skipped[0].Index}: {skipped[0].Reason})");
        }

        return new ArxivListing(day, entries, skipped);
    }

    private static DateOnly AnnouncementDay(IElement page)
    {
        var heading = page.QuerySelectorAll("h3").Select(h => Heading().Match(PaperText.Title(h.TextContent))).FirstOrDefault(m => m.Success)
            ?? throw new UpstreamFormatException("arXiv listing has no \"Showing new listings for <day>\" heading");
        var text = heading.Groups["date"].Value;
        return DateOnly.TryParseExact(text, "dddd, d MMMM yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new UpstreamFormatException($"arXiv listing heading \"{heading.Value}\" has no date like \"Thursday, 28 November 2024\"");
    }

    /// <summary>The section an entry stands in; without one, the entry's own note ("(cross-list from …)", "(replaced)").</summary>
    private static string AnnounceType(string? section, IElement dt)
    {
        if (section is null || Heading().IsMatch(section))
        {
            var note = dt.TextContent;
            return note.Contains("(replaced)", StringComparison.Ordinal) ? "replace" : note.Contains("(cross-list", StringComparison.Ordinal) ? "cross" : "new";
        }

        return section switch
        {
            _ when section.StartsWith("New", StringComparison.OrdinalIgnoreCase) => "new",
            _ when section.StartsWith("Cross", StringComparison.OrdinalIgnoreCase) => "cross",
            _ when section.StartsWith("Replace", StringComparison.OrdinalIgnoreCase) => "replace",
            _ => throw new UpstreamFormatException($"arXiv listing has a section \"{section}\" that is none of new submissions, cross-lists, replacements"),
        };
    }

    private static ArxivEntry ParseEntry(IElement dt, string announceType)
    {
        var href = dt.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).FirstOrDefault(h => h.Contains("/abs/", StringComparison.Ordinal))
            ?? throw new EntryException(null, "no /abs/ link");
        var rawId = href[(href.LastIndexOf("/abs/", StringComparison.Ordinal) + "/abs/".Length)..].Split('?', '#')[0];
        if (!ArxivId.TryNormalize(rawId, out var id))
        {
            throw new EntryException(rawId, $"/abs/ link \"{href}\" has no arXiv id");
        }

        var dd = dt.NextElementSibling is { LocalName: "dd" } next ? next : throw new EntryException(id, "no <dd> after its <dt>");
        var title = PaperText.Title(Text(dd.QuerySelector(".list-title")));
        if (title.Length == 0)
        {
            throw new EntryException(id, "no title in div.list-title");
        }

        var subjects = dd.QuerySelector(".list-subjects");
        var primary = Code(Text(subjects?.QuerySelector(".primary-subject")));
        var categories = Text(subjects).Split(';').Select(Code).Prepend(primary).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var version = VersionSuffix().Match(rawId);
        return new ArxivEntry(
            new PaperRecord(id, title, PaperText.Abstract(Text(dd.QuerySelector("p.mathjax"))), Authors(dd.QuerySelector(".list-authors")), null),
            version.Success ? ArxivId.Version(version.Groups["version"].Value) : null)
        {
            Categories = categories,
            PrimaryCategory = primary ?? categories.FirstOrDefault(),
            Comment = NullIfEmpty(Text(dd.QuerySelector(".list-comments"))),
            JournalRef = NullIfEmpty(Text(dd.QuerySelector(".list-journal-ref"))),
            AnnounceType = announceType,
        };
    }

    /// <summary>The author links, as arXiv writes the names; a list without links is split at its commas.</summary>
    private static List<string> Authors(IElement? list)
    {
        var links = list?.QuerySelectorAll("a").Select(a => PaperText.Title(a.TextContent)).Where(n => n.Length > 0).ToList() ?? [];
        if (links.Count > 0 || list is null)
        {
            return links;
        }

        var text = PaperText.Title(Text(list));
        return text.StartsWith('(') ? [] : [.. text.Split(',').Select(PaperText.Title).Where(n => n.Length > 0)];
    }

    private static string? Code(string text) => CategoryCode().Match(text.Trim()) is { Success: true } m ? m.Groups["code"].Value : null;

    private static string? NullIfEmpty(string text) => PaperText.Title(text) is { Length: > 0 } value ? value : null;

    /// <summary>An element's text without its "Title:"-style descriptor; a line break (<c>&lt;br&gt;</c>, arXiv's paragraph mark) ends a paragraph.</summary>
    private static string Text(INode? node)
    {
        var text = new StringBuilder();
        Append(node);
        return text.ToString();

        void Append(INode? current)
        {
            switch (current)
            {
                case null:
                case IElement element when element.ClassList.Contains("descriptor"):
                    return;
                case IElement { LocalName: "br" }:
                    text.Append("\n\n");
                    return;
                case IText part:
                    text.Append(part.Data);
                    return;
            }

            foreach (var child in current.ChildNodes)
            {
                Append(child);
            }
        }
    }

    private sealed class EntryException(string? id, string message) : Exception(message)
    {
        public string? Id { get; } = id;
    }
}
