using System.Net;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>An arXiv category's announcements, browsed like the daily papers.</summary>
public sealed class CategoryPageTests : IAsyncLifetime
{
    private readonly PaperFeedFactory _app = new();

    public async Task InitializeAsync()
    {
        // The recorded RSS announcement of 2024-11-28, as the arxiv-rss ingestion stores it for cs.CY.
        using var stream = File.OpenRead(Fixtures.Path("arxiv-rss/2024-11-28_all-archives.rss.xml"));
        var cy = ArxivRssParser.Parse(stream).Entries
            .Where(e => e.AnnounceType == "new" && e.Categories.Contains("cs.CY"))
            .Select(e => new FeaturedRecord(e.ToRecord() with { PublishedAt = null }, new DateOnly(2024, 11, 28), 0, 0))
            .ToList();
        Assert.NotEmpty(cy);
        await _app.StoreAsync(new ParsedListing(cy, []), "arxiv:cs.CY");
        Count = cy.Count;
    }

    private int Count { get; set; }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/arxiv/cs.cy", "/arxiv/cs.CY")]
    [InlineData("/arxiv/CS.CY/week/2024-W48?sort=newest", "/arxiv/cs.CY/week/2024-W48?sort=newest")]
    [InlineData("/arxiv/HEP-TH", "/arxiv/hep-th")]
    public async Task A_category_spelled_otherwise_moves_to_arxivs_spelling(string path, string canonical)
    {
        var (response, _) = await _app.GetPageAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(canonical, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_category_move_keeps_the_rest_of_a_hostile_address_escaped()
    {
        // What a property test found: a control character or a broken UTF-8 sequence, decoded into the Location
        // header, was a 500. The rest of the address moves escaped.
        var (response, _) = await _app.GetPageAsync("/arxiv/%09astro-ph/date/%22%D9%A32025-03-14..%252F%7F%27%C3%9F%ED%A0%80%25ff%22%20");

        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/arxiv/astro-ph/date/%22%D9%A32025-03-14..", location, StringComparison.Ordinal);
        Assert.All(location, c => Assert.InRange(c, '!', '~'));
    }

    [Theory]
    [InlineData("/arxiv/xx.YY")] // no such archive
    [InlineData("/arxiv/cs.XX")] // no such subject class
    [InlineData("/papers/date/2025-03-14?category=bogus")]
    public async Task A_category_arxiv_does_not_have_is_not_found(string path)
    {
        var (response, _) = await _app.GetPageAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_category_shows_its_latest_announcement_with_day_week_and_month_views()
    {
        var (response, page) = await _app.GetPageAsync("/arxiv/cs.CY");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("arXiv cs.CY: Thursday, November 28, 2024", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(Math.Min(Count, 30), page.QuerySelectorAll("li.card").Length);
        var tabs = page.QuerySelectorAll("nav.tabs a").ToDictionary(a => a.TextContent, a => a.GetAttribute("href"));
        Assert.Equal("/arxiv/cs.CY/date/2024-11-28", tabs["Daily"]);
        Assert.Equal("/arxiv/cs.CY/week/2024-W48", tabs["Weekly"]);
        Assert.Equal("/arxiv/cs.CY/month/2024-11", tabs["Monthly"]);

        var (week, weekPage) = await _app.GetPageAsync("/arxiv/cs.CY/week/2024-W48");
        Assert.Equal(HttpStatusCode.OK, week.StatusCode);
        Assert.Contains($"{Count} paper", weekPage.QuerySelector(".sort .total")!.TextContent);
    }

    [Theory]
    [InlineData("/arxiv/%3Cscript%3E")]
    [InlineData("/arxiv/cs.CY/date/2024-13-01")]
    public async Task Malformed_categories_and_dates_are_404(string path)
    {
        var (response, _) = await _app.GetPageAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_category_without_announcements_says_how_to_get_them()
    {
        var (response, page) = await _app.GetPageAsync("/arxiv/math.AG");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ingest arxiv-rss --category math.AG", page.QuerySelector(".empty")!.TextContent);
    }
}
