using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Feeds;

/// <summary>Turns catalog entries into an RSS 2.0 or Atom 1.0 document with absolute links and stable entry ids.</summary>
public sealed class FeedWriter(LinkBuilder links, TimeProvider clock)
{
    public const string AtomType = "application/atom+xml; charset=utf-8";
    public const string RssType = "application/rss+xml; charset=utf-8";

    /// <summary>The stable id of a paper's entry in every feed: its arXiv address.</summary>
    public static string EntryId(string arxivId) => ArxivId.AbstractUrl(arxivId).ToString();

    public (byte[] Body, string ContentType, DateTimeOffset Updated) Write(
        string format, string title, string description, string htmlPath, string selfPathAndQuery, IReadOnlyList<CatalogEntry> entries, Func<Paper, string>? more = null)
    {
        var updated = entries.Count == 0
            ? DateTimeOffset.UnixEpoch
            : entries.Max(e => new DateTimeOffset(DateTime.SpecifyKind(e.Paper.UpdatedAt, DateTimeKind.Utc)));
        var self = new Uri(links.Absolute(selfPathAndQuery.TrimStart('/')));
        // An empty feed was updated now, not in 1970 (its answer still carries no Last-Modified).
        var feed = new SyndicationFeed(title, description, new Uri(links.Absolute(htmlPath.TrimStart('/'))), self.ToString(), entries.Count == 0 ? clock.GetUtcNow() : updated)
        {
            Generator = "PaperFeed",
            Language = "en",
            Items = [.. entries.Select(e => Item(e, more))],
        };
        var atom = format == "atom";
        feed.Links.Add(SyndicationLink.CreateSelfLink(self, atom ? "application/atom+xml" : "application/rss+xml"));

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            SyndicationFeedFormatter formatter = atom ? new Atom10FeedFormatter(feed) : new Rss20FeedFormatter(feed);
            formatter.WriteTo(writer);
        }

        return (stream.ToArray(), atom ? AtomType : RssType, updated);
    }

    /// <param name="more">Text added to the entry's content (a personal feed's "Save" and "Not for me" links).</param>
    private SyndicationItem Item(CatalogEntry entry, Func<Paper, string>? more)
    {
        var paper = entry.Paper;
        var summary = paper.AiSummary is null
            ? PaperText.Summary(paper.Abstract, 1000)
            : $"{paper.AiSummary}\n\n{PaperText.Summary(paper.Abstract, 1000)}";
        var item = new SyndicationItem(
            paper.Title,
            new TextSyndicationContent($"{summary}\n\n{entry.Upvotes} upvote{(entry.Upvotes == 1 ? "" : "s")} on Hugging Face Daily Papers.{(more is null ? "" : "\n\n" + more(paper))}"),
            new Uri(links.Paper(paper.ArxivId)),
            EntryId(paper.ArxivId),
            new DateTimeOffset(DateTime.SpecifyKind(paper.UpdatedAt, DateTimeKind.Utc)))
        {
            Summary = new TextSyndicationContent(summary),
            PublishDate = paper.PublishedAt is { } published ? new DateTimeOffset(DateTime.SpecifyKind(published, DateTimeKind.Utc)) : default,
        };
        item.Links.Add(new SyndicationLink(ArxivId.AbstractUrl(paper.ArxivId), "related", "arXiv abstract", "text/html", 0));
        item.Links.Add(new SyndicationLink(ArxivId.PdfUrl(paper.ArxivId), "enclosure", "PDF", "application/pdf", 0));
        foreach (var author in paper.Authors.Take(50))
        {
            item.Authors.Add(new SyndicationPerson { Name = author });
        }

        foreach (var keyword in paper.Keywords)
        {
            item.Categories.Add(new SyndicationCategory(keyword));
        }

        return item;
    }
}
