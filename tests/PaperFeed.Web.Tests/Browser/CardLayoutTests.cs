using Microsoft.Playwright;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Sources.HuggingFace;
using PaperFeed.Testing;
using static Microsoft.Playwright.Assertions;

namespace PaperFeed.Web.Tests.Browser;

/// <summary>
/// Every kind of card (Hugging Face's ranked cards, trending, arXiv's cards without ranks or votes, search results)
/// keeps its title and text readable at desktop and phone width: measured in the browser, not by eye.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CardLayoutTests(BrowserSession session) : IAsyncLifetime
{
    /// <summary>A title or text box narrower than this share of its card reads as a column of single words.</summary>
    private const double MinShare = 0.6;

    private readonly PaperFeedFactory _app = new(realServer: true);

    public async Task InitializeAsync()
    {
        _app.StartServer();
        await _app.ImportAsync("2025-03-14");
        await _app.StoreAsync(
            PapersPageParser.Parse(File.ReadAllText(Fixtures.Path("hf-papers-html/trending.html")), null, new DateOnly(2025, 3, 14)) is var trending
                ? trending with { Entries = [.. trending.Entries.Select(e => e with { Date = new DateOnly(2025, 3, 14) })] }
                : throw new InvalidOperationException(),
            SourceNames.HuggingFaceTrending);

        // The recorded RSS announcement of 2024-11-28, as arxiv-rss stores it for cs.CL.
        await using var stream = File.OpenRead(Fixtures.Path("arxiv-rss/2024-11-28_all-archives.rss.xml"));
        var announced = ArxivRssParser.Parse(stream).Entries
            .Where(e => e.AnnounceType == "new" && e.Categories.Contains("cs.CL"))
            .Select(e => new FeaturedRecord(e.ToRecord() with { PublishedAt = null }, new DateOnly(2024, 11, 28), 0, 0))
            .ToList();
        await _app.StoreAsync(new ParsedListing(announced, []), "arxiv:cs.CL");
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("huggingface-day", "/papers/date/2025-03-14", "li.card")]
    [InlineData("huggingface-week", "/papers/week/2025-W11", "li.card")]
    [InlineData("trending", "/trending", "li.card")]
    [InlineData("arxiv-day", "/arxiv/cs.CL", "li.card")]
    [InlineData("arxiv-week", "/arxiv/cs.CL/week/2024-W48", "li.card")]
    [InlineData("search", "/search?q=language+models", "li.result")]
    public async Task Titles_and_text_take_most_of_the_card_on_desktop_and_phone(string kind, string path, string cards)
    {
        var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.ClientOptions.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page.Locator(cards).First).ToBeVisibleAsync();

        foreach (var width in new[] { 1280, 375 })
        {
            await page.SetViewportSizeAsync(width, width == 375 ? 812 : 900);
            var count = Math.Min(3, await page.Locator(cards).CountAsync());
            for (var i = 0; i < count; i++)
            {
                var card = page.Locator(cards).Nth(i);
                var cardBox = await card.BoundingBoxAsync() ?? throw new InvalidOperationException($"{kind}: card {i} is not rendered");
                foreach (var part in new[] { ".card-title", ".blurb" })
                {
                    var box = await card.Locator(part).BoundingBoxAsync() ?? throw new InvalidOperationException($"{kind}: {part} of card {i} is not rendered");
                    var share = box.Width / cardBox.Width;
                    Assert.True(
                        share >= MinShare,
                        $"{kind} at {width} px: {part} of card {i} is {box.Width:0} px wide in a {cardBox.Width:0} px card ({share:P0}, at least {MinShare:P0} expected)");
                }
            }

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow == 0, $"{kind} at {width} px scrolls sideways by {overflow} px");
            await Screenshots.SaveViewportAsync(page, $"cards-{kind}-{(width == 375 ? "mobile" : "desktop")}");
        }

        await context.CloseAsync();
    }
}
