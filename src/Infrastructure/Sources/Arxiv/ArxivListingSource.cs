using Microsoft.Extensions.Options;

using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// arXiv's new-listing page of a category (<c>{ListingBaseUrl}/list/{category}/new</c>): the same announcement as the
/// RSS feed, read from the web site, for when the feed is unavailable. It fills the same list, <c>arxiv:{category}</c>.
/// </summary>
public sealed class ArxivListingSource(HttpClient http, IOptions<ArxivOptions> options) : IArxivAnnouncementSource, IScheduledSource
{
    public string Name => "arxiv-html";

    public string Section => $"{ArxivOptions.Section}:Listing";

    public SourceSchedule Schedule => options.Value.Listing;

    /// <summary>Each configured category's current announcement; one failing category never blocks the others.</summary>
    public async Task RunAsync(IngestionService ingestion, CancellationToken cancellationToken) =>
        (await ingestion.IngestArxivAnnouncementsAsync(this, options.Value.Followed, cancellationToken)).ThrowIfFailed();

    /// <summary>At most this many entries per page: arXiv's own maximum, so one request brings a whole announcement.</summary>
    public const int Show = 2000;

    public async Task<ArxivAnnouncement> FetchAsync(string category, CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.Value.ListingBaseUrl.TrimEnd('/')}/list/{Uri.EscapeDataString(category)}/new?skip=0&show={Show}");
        var listing = await Upstream.GetAsync(
            ArxivRssSource.ListName(category), null, url, http,
            async content => ArxivListingParser.Parse(await content.ReadAsStringAsync(cancellationToken)),
            cancellationToken);

        // Every entry of the page was announced on the day its heading names.
        return ArxivAnnouncement.From(listing.Entries, listing.Skipped, _ => listing.Day);
    }
}
