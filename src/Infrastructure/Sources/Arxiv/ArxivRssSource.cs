using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion.Arxiv;

using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// arXiv's daily announcements by RSS (<c>{RssBaseUrl}/rss/{category}</c>). New submissions and cross-lists form the
/// category's list of the announcement day; replacements only refresh papers' bibliographic data.
/// </summary>
public sealed class ArxivRssSource(HttpClient http, IOptions<ArxivOptions> options) : IArxivAnnouncementSource, IScheduledSource
{
    public string Name => "arxiv-rss";

    public string Section => $"{ArxivOptions.Section}:Rss";

    public SourceSchedule Schedule => options.Value.Rss;

    /// <summary>Each configured category's current announcement; one failing category never blocks the others.</summary>
    public async Task RunAsync(IngestionService ingestion, CancellationToken cancellationToken) =>
        (await ingestion.IngestArxivAnnouncementsAsync(this, options.Value.Followed, cancellationToken)).ThrowIfFailed();

    /// <summary>The list name of a category's announcements, as stored in featured entries: "arxiv:cs.CL".</summary>
    public static string ListName(string category) => $"arxiv:{category}";

    /// <summary>The current announcement of a category: the entries of its list, and every paper it mentions.</summary>
    public async Task<ArxivAnnouncement> FetchAsync(string category, CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.Value.RssBaseUrl.TrimEnd('/')}/rss/{Uri.EscapeDataString(category)}");
        var feed = await Upstream.GetAsync(
            ListName(category), null, url, http,
            async content => ArxivRssParser.Parse(await content.ReadAsStreamAsync(cancellationToken)),
            cancellationToken);

        return Announcement(feed);
    }

    /// <summary>A parsed feed as an announcement: the day is the items' date (arXiv's RSS dates every item of an announcement the same).</summary>
    public static ArxivAnnouncement Announcement(ArxivFeed feed) =>
        ArxivAnnouncement.From(feed.Entries, feed.Skipped, e => e.Paper.PublishedAt is { } date ? DateOnly.FromDateTime(date) : null);
}
