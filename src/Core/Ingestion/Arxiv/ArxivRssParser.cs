using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PaperFeed.Core.Papers;

namespace PaperFeed.Core.Ingestion.Arxiv;

/// <summary>
/// Reads arXiv's RSS 2.0 announcements (<c>rss.arxiv.org/rss/{categories}</c>, the 2024 format): one item per
/// announced paper with its announce type. An empty channel is a day without announcements; a "Feed error" channel
/// throws <see cref="ArxivApiException"/>.
/// </summary>
public static partial class ArxivRssParser
{
    private static readonly XNamespace ArxivNs = "http://arxiv.org/schemas/atom";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    [GeneratedRegex(@"^arXiv:(?<id>\S+?)(?:v(?<version>[0-9]+))?\s+Announce Type:\s*(?<type>\S+)\s*(?:Abstract:\s*)?", RegexOptions.CultureInvariant)]
    private static partial Regex DescriptionHead();

    public static ArxivFeed Parse(Stream xml)
    {
        var channel = ArxivAtomParser.Load(xml).Root?.Element("channel")
            ?? throw new UpstreamFormatException("expected an RSS 2.0 document with a <channel>");
        var title = channel.Element("title")?.Value ?? "";
        var items = channel.Elements("item").ToList();
        if (items.Count == 0 && title.StartsWith("Feed error", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArxivApiException($"{title}: {PaperText.Title(channel.Element("description")?.Value)}");
        }

        var entries = new List<ArxivEntry>();
        var skipped = new List<SkippedEntry>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var description = item.Element("description")?.Value ?? "";
            var head = DescriptionHead().Match(description);
            var rawId = head.Success ? head.Groups["id"].Value : item.Element("link")?.Value;
            var paperTitle = PaperText.Title(item.Element("title")?.Value);
            if (!ArxivId.TryNormalize(rawId, out var id) || paperTitle.Length == 0)
            {
                skipped.Add(new SkippedEntry(i, rawId, paperTitle.Length == 0 ? "item has no title" : $"item id \"{rawId}\" is not an arXiv id"));
                continue;
            }

            var authors = (item.Element(Dc + "creator")?.Value ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(PaperText.Title)
                .Where(n => n.Length > 0)
                .ToList();
            var published = DateTimeOffset.TryParse(item.Element("pubDate")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.UtcDateTime : (DateTime?)null;
            var categories = item.Elements("category").Select(c => c.Value.Trim()).Where(c => c.Length > 0).Distinct().ToList();
            entries.Add(new ArxivEntry(
                new PaperRecord(id, paperTitle, PaperText.Abstract(head.Success ? description[head.Length..] : description), authors, published),
                head.Success && head.Groups["version"].Success ? ArxivId.Version(head.Groups["version"].Value) : null)
            {
                Categories = categories,
                PrimaryCategory = categories.FirstOrDefault(),
                Doi = NullIfEmpty(item.Element(ArxivNs + "DOI")?.Value),
                JournalRef = NullIfEmpty(item.Element(ArxivNs + "journal_reference")?.Value),
                AnnounceType = NullIfEmpty(item.Element(ArxivNs + "announce_type")?.Value) ?? (head.Success ? head.Groups["type"].Value : null),
            });
        }

        return new ArxivFeed(entries, skipped, entries.Count, 0, entries.Count);
    }

    private static string? NullIfEmpty(string? text) => PaperText.Title(text) is { Length: > 0 } value ? value : null;
}
