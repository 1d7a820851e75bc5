using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Listing;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>arXiv's daily announcements by RSS (<c>{RssBaseUrl}/rss/{category}</c>).</summary>
public sealed class ArxivRssSource(HttpClient http, IOptions<ArxivOptions> options) : ArxivAnnouncementSource(options)
{
    public override string Name => "arxiv-rss";

    public override string Section => $"{ArxivOptions.Section}:Rss";

    public override SourceSchedule Schedule => Options.Rss;

    /// <summary>A parsed feed as an announcement: the day is the items' date (arXiv's RSS dates every item of an announcement the same).</summary>
    public static ArxivAnnouncement Announcement(ArxivFeed feed) =>
        ArxivAnnouncement.From(feed.Entries, feed.Skipped, e => e.Paper.PublishedAt is { } date ? DateOnly.FromDateTime(date) : null);

    protected override async Task<ArxivAnnouncement> FetchAnnouncementAsync(ListKey list, CancellationToken cancellationToken)
    {
        var url = new Uri($"{Options.RssBaseUrl.TrimEnd('/')}/rss/{Uri.EscapeDataString(list.Category!)}");
        var feed = await Upstream.GetAsync(
            list.Name, null, url, http,
            async content => ArxivRssParser.Parse(await content.ReadAsStreamAsync(cancellationToken)),
            cancellationToken);
        return Announcement(feed);
    }
}
