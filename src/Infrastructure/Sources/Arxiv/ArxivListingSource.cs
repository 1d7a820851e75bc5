using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// arXiv's new-listing page of a category (<c>{ListingBaseUrl}/list/{category}/new</c>): the same announcement as the
/// RSS feed, read from the web site, for when the feed is unavailable. It fills the same list.
/// </summary>
public sealed class ArxivListingSource(HttpClient http, IOptions<ArxivOptions> options) : ArxivAnnouncementSource(options)
{
    /// <summary>At most this many entries per page: arXiv's own maximum, so one request brings a whole announcement.</summary>
    public const int Show = 2000;

    public override string Name => "arxiv-html";

    public override string Section => $"{ArxivOptions.Section}:Listing";

    public override SourceSchedule Schedule => Options.Listing;

    protected override async Task<ArxivAnnouncement> FetchAnnouncementAsync(ListKey list, CancellationToken cancellationToken)
    {
        var url = new Uri($"{Options.ListingBaseUrl.TrimEnd('/')}/list/{Uri.EscapeDataString(list.Category!)}/new?skip=0&show={Show}");
        var listing = await Upstream.GetAsync(
            list.Name, null, url, http,
            async content => ArxivListingParser.Parse(await content.ReadAsStringAsync(cancellationToken)),
            cancellationToken);

        // Every entry of the page was announced on the day its heading names.
        return ArxivAnnouncement.From(listing.Entries, listing.Skipped, _ => listing.Day);
    }
}
