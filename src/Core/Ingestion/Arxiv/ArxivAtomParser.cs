using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using PaperFeed.Core.Papers;

namespace PaperFeed.Core.Ingestion.Arxiv;

/// <summary>
/// Reads arXiv API responses (<c>/api/query</c>): the classic Atom format (2016) and the current one (2026), which
/// differ in namespace declarations, whitespace and element order. The error feed throws
/// <see cref="ArxivApiException"/>; a body that is not Atom throws <see cref="UpstreamFormatException"/>.
/// </summary>
public static partial class ArxivAtomParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace ArxivNs = "http://arxiv.org/schemas/atom";
    private static readonly XNamespace OpenSearch = "http://a9.com/-/spec/opensearch/1.1/";

    [GeneratedRegex(@"v([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSuffix();

    public static ArxivFeed Parse(Stream xml)
    {
        var feed = Load(xml).Root;
        if (feed is null || feed.Name != Atom + "feed")
        {
            throw new UpstreamFormatException($"expected an Atom feed, got <{feed?.Name.LocalName}>");
        }

        var entries = new List<ArxivEntry>();
        var skipped = new List<SkippedEntry>();
        var index = 0;
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            var rawId = entry.Element(Atom + "id")?.Value.Trim();
            if (rawId is not null && rawId.Contains("/api/errors", StringComparison.Ordinal))
            {
                throw new ArxivApiException(PaperText.Title(entry.Element(Atom + "summary")?.Value) is { Length: > 0 } message ? message : rawId);
            }

            try
            {
                entries.Add(ParseEntry(entry, rawId));
            }
            catch (FormatException e)
            {
                skipped.Add(new SkippedEntry(index, rawId, e.Message));
            }

            index++;
        }

        return new ArxivFeed(entries, skipped, Int(feed, "totalResults") ?? entries.Count, Int(feed, "startIndex") ?? 0, Int(feed, "itemsPerPage") ?? entries.Count);
    }

    /// <summary>Parses XML with DTDs and external entities off: the body comes from the network.</summary>
    internal static XDocument Load(Stream xml)
    {
        try
        {
            using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new UpstreamFormatException($"response is not valid XML ({e.Message})", e);
        }
    }

    private static ArxivEntry ParseEntry(XElement entry, string? rawId)
    {
        if (!ArxivId.TryNormalize(rawId, out var id))
        {
            throw new FormatException(rawId is null ? "entry has no <id>" : $"entry id \"{rawId}\" is not an arXiv id");
        }

        // A title may be any text, "0" included; only a missing or blank one is an error.
        var title = PaperText.Title(entry.Element(Atom + "title")?.Value);
        if (title.Length == 0)
        {
            throw new FormatException("entry has no title");
        }

        var names = entry.Elements(Atom + "author").Select(a => PaperText.Title(a.Element(Atom + "name")?.Value)).Where(n => n.Length > 0).ToList();
        var version = VersionSuffix().Match(rawId!) is { Success: true } m ? ArxivId.Version(m.Groups[1].Value) : null;

        return new ArxivEntry(new PaperRecord(id, title, PaperText.Abstract(entry.Element(Atom + "summary")?.Value), names, Date(entry, Atom + "published")), version)
        {
            Categories = [.. entry.Elements(Atom + "category").Select(c => (string?)c.Attribute("term")).OfType<string>().Distinct()],
            PrimaryCategory = (string?)entry.Element(ArxivNs + "primary_category")?.Attribute("term"),
            Doi = Text(entry, ArxivNs + "doi"),
            JournalRef = Text(entry, ArxivNs + "journal_ref"),
            Comment = Text(entry, ArxivNs + "comment"),
        };
    }

    private static string? Text(XElement parent, XName name) => PaperText.Title(parent.Element(name)?.Value) is { Length: > 0 } text ? text : null;

    private static DateTime? Date(XElement parent, XName name) =>
        DateTimeOffset.TryParse(parent.Element(name)?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.UtcDateTime : null;

    private static int? Int(XElement feed, string name) =>
        int.TryParse(feed.Element(OpenSearch + name)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
