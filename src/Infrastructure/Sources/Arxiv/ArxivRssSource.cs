using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// arXiv's daily announcements by RSS (<c>{RssBaseUrl}/rss/{category}</c>). New submissions and cross-lists form the
/// category's list of the announcement day; replacements only refresh papers' bibliographic data.
/// </summary>
public sealed class ArxivRssSource(HttpClient http, IOptions<ArxivOptions> options)
{
    /// <summary>The list name of a category's announcements, as stored in featured entries: "arxiv:cs.CL".</summary>
    public static string ListName(string category) => $"arxiv:{category}";

    /// <summary>The current announcement of a category: the entries of its list, and every paper it mentions.</summary>
    public async Task<(ParsedListing Announced, IReadOnlyList<PaperRecord> Papers)> FetchAsync(string category, CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.Value.RssBaseUrl.TrimEnd('/')}/rss/{Uri.EscapeDataString(category)}");
        var feed = await Upstream.CallAsync(ListName(category), null, url, http, async () =>
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Upstream.Status(ListName(category), null, url, response);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return ArxivRssParser.Parse(body);
        }, cancellationToken);

        // The announcement day is the item's date (arXiv's RSS dates every item of an announcement the same).
        var announced = feed.Entries
            .Where(e => e.AnnounceType is "new" or "cross" && e.Paper.PublishedAt is not null)
            .Select(e => new FeaturedRecord(e.ToRecord() with { PublishedAt = null }, DateOnly.FromDateTime(e.Paper.PublishedAt!.Value), 0, 0))
            .ToList();
        return (new ParsedListing(announced, feed.Skipped), [.. feed.Entries.Select(e => e.ToRecord() with { PublishedAt = null })]);
    }
}
