using System.Net;
using System.Net.Http.Headers;
using System.ServiceModel.Syndication;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>RSS and Atom feeds, parsed back with a real syndication reader and checked against what is stored.</summary>
public sealed class FeedTests : IAsyncLifetime
{
    private readonly PaperFeedFactory _app = new(new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://papers.example.org" });

    public Task InitializeAsync() => _app.ImportAsync("2025-03-14", "2026-08-21");

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("atom")]
    [InlineData("rss")]
    public async Task The_daily_feed_carries_the_latest_day_in_upvote_order_with_absolute_links(string format)
    {
        var expected = DailyPapersParser.Parse(Fixtures.Bytes("hf-daily-papers/2026-08-21.json"), null).Entries
            .OrderByDescending(e => e.Upvotes).ThenByDescending(e => e.Comments).ThenBy(e => e.Paper.ArxivId, StringComparer.Ordinal).ToList();

        var (response, feed) = await GetFeedAsync($"/feeds/daily.{format}");

        Assert.Equal(format == "atom" ? "application/atom+xml" : "application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("PaperFeed: daily papers of August 21, 2026", feed.Title.Text);
        var items = feed.Items.ToList();
        Assert.Equal(expected.Count, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var paper = expected[i].Paper;
            Assert.Equal($"https://arxiv.org/abs/{paper.ArxivId}", items[i].Id);
            Assert.Equal(paper.Title, items[i].Title.Text);
            Assert.Contains(items[i].Links, l => l.Uri.ToString() == $"https://papers.example.org/papers/{paper.ArxivId}");
            Assert.StartsWith(paper.AiSummary ?? paper.Abstract[..40], items[i].Summary.Text);
            if (format == "atom")
            {
                Assert.Equal(paper.Authors.Take(50), items[i].Authors.Select(a => a.Name));
            }
        }
    }

    [Fact]
    public async Task The_weekly_feed_and_a_search_feed_hold_their_papers()
    {
        var (_, weekly) = await GetFeedAsync("/feeds/weekly.atom");
        Assert.Equal("PaperFeed: papers of Week 34 of 2026 (Aug 17 – Aug 23)", weekly.Title.Text);
        Assert.Equal(17, weekly.Items.Count());

        var (_, search) = await GetFeedAsync("/feeds/search.atom?q=planner&min_upvotes=10");
        Assert.Equal(["https://arxiv.org/abs/2503.10480"], search.Items.Select(i => i.Id));
        Assert.Contains(search.Links, l => l.RelationshipType == "self" && l.Uri.ToString() == "https://papers.example.org/feeds/search.atom?q=planner&min_upvotes=10");

        var bad = await _app.CreateClient().GetAsync("/feeds/search.atom?q=");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        foreach (var votes in new[] { "abc", "-1", "1e3" })
        {
            var response = await _app.CreateClient().GetAsync($"/feeds/search.rss?q=planner&min_upvotes={votes}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("min_upvotes", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_repeated_request_costs_a_304()
    {
        var client = _app.CreateClient();
        var first = await client.GetAsync("/feeds/daily.atom");
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromMinutes(5), first.Headers.CacheControl.MaxAge);
        var etag = first.Headers.ETag!;
        var modified = first.Content.Headers.LastModified!.Value;

        using var byTag = new HttpRequestMessage(HttpMethod.Get, "/feeds/daily.atom");
        byTag.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(byTag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var byDate = new HttpRequestMessage(HttpMethod.Get, "/feeds/daily.atom");
        byDate.Headers.IfModifiedSince = modified;
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(byDate)).StatusCode);

        // New data: a new ETag and a full answer.
        var record = new PaperRecord("2608.99999", "A late addition", "Abstract.", ["A. Author"], null);
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(record, new DateOnly(2026, 8, 21), 500, 0)], []));
        using var again = new HttpRequestMessage(HttpMethod.Get, "/feeds/daily.atom");
        again.Headers.IfNoneMatch.Add(etag);
        var changed = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task A_subscriber_has_a_private_feed_of_their_filter()
    {
        // Recent papers (the feed covers the last two weeks): the recorded day moved to yesterday.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var recent = DailyPapersParser.Parse(Fixtures.Bytes("hf-daily-papers/2026-08-21.json"), null).Entries.Select(e => e with { Date = yesterday }).ToList();
        await _app.StoreAsync(new ParsedListing(recent, []));
        string token;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PaperFeedDbContext>();
            var subscription = Subscribers.Confirmed("feed@example.org", DateTime.UtcNow, p =>
                (p.IncludeKeywords, p.ExcludeKeywords, p.MinUpvotes) = (["agent", "agents"], ["benchmark"], 5));
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
            token = scope.ServiceProvider.GetRequiredService<SubscriptionTokens>().For(subscription.PublicId, SubscriptionTokens.Feed);
        }

        var (response, feed) = await GetFeedAsync($"/feeds/personal/{token}/papers.atom");

        Assert.True(response.Headers.CacheControl!.Private);
        Assert.False(response.Headers.CacheControl.Public);
        // The same four papers the digest filter picks from this day (worked out by hand from the recording).
        Assert.Equal(
            ["2608.19880", "2608.18580", "2608.13120", "2608.19854"],
            feed.Items.Select(i => i.Id["https://arxiv.org/abs/".Length..]));

        var manageToken = token.Split('.')[0] + "." + "AAAAAAAAAAAAAAAAAAAAAA";
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"/feeds/personal/{manageToken}/papers.atom")).StatusCode);

        // The feed is part of the subscription: it ends with it, and comes back with it.
        await _app.WithDbAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Unsubscribed)));
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"/feeds/personal/{token}/papers.atom")).StatusCode);
        await _app.WithDbAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Active)));
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().GetAsync($"/feeds/personal/{token}/papers.atom")).StatusCode);

        // Following an author puts their paper first, though it has 1 upvote and says nothing of agents.
        await _app.WithDbAsync(async db =>
        {
            var subscription = await db.Subscriptions.SingleAsync();
            subscription.Preferences.FollowedAuthors = ["Umberto Cappellazzo"];
            await db.SaveChangesAsync();
        });
        var (_, following) = await GetFeedAsync($"/feeds/personal/{token}/papers.atom");
        Assert.Equal(
            ["2608.19863", "2608.19880", "2608.18580", "2608.13120", "2608.19854"],
            following.Items.Select(i => i.Id["https://arxiv.org/abs/".Length..]));
    }

    [Fact]
    public async Task Pages_announce_their_feeds()
    {
        var (_, list) = await _app.GetPageAsync("/papers/date/2026-08-21");
        var feeds = list.QuerySelectorAll("link[rel=alternate]").Select(l => (l.GetAttribute("type"), l.GetAttribute("href"))).ToList();
        Assert.Contains(("application/atom+xml", "/feeds/daily.atom"), feeds);
        Assert.Contains(("application/rss+xml", "/feeds/weekly.rss"), feeds);

        var (_, search) = await _app.GetPageAsync("/search?q=world+models");
        Assert.Equal("/feeds/search.atom?q=world%20models", search.QuerySelector("link[rel=alternate][type='application/atom+xml']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Each_arxiv_category_and_the_trending_list_have_a_feed_that_their_pages_announce()
    {
        PaperRecord Record(string id) => new(id, $"Paper {id}", "An abstract.", ["Ada Lovelace"], null);
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(Record("2411.00001"), new DateOnly(2024, 11, 28), 0, 0), new FeaturedRecord(Record("2411.00002"), new DateOnly(2024, 11, 28), 0, 0)], []), "arxiv:cs.CL");
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(Record("2411.00003"), new DateOnly(2024, 11, 27), 0, 0)], []), "arxiv:cs.CL");
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(Record("2508.00009"), new DateOnly(2026, 8, 22), 99, 0)], []), Core.Papers.SourceNames.HuggingFaceTrending);

        var (_, arxiv) = await GetFeedAsync("/feeds/arxiv/cs.CL.rss");
        Assert.Equal("PaperFeed: arXiv cs.CL of November 28, 2024", arxiv.Title.Text);
        Assert.Equal(["https://arxiv.org/abs/2411.00001", "https://arxiv.org/abs/2411.00002"], arxiv.Items.Select(i => i.Id).Order());
        Assert.Contains(arxiv.Links, l => l.Uri.ToString() == "https://papers.example.org/arxiv/cs.CL/date/2024-11-28");

        var (_, trending) = await GetFeedAsync("/feeds/trending.atom");
        Assert.Equal("PaperFeed: trending papers of August 22, 2026", trending.Title.Text);
        Assert.Equal("https://arxiv.org/abs/2508.00009", Assert.Single(trending.Items).Id);

        var (_, page) = await _app.GetPageAsync("/arxiv/cs.CL");
        Assert.Equal("/feeds/arxiv/cs.CL.atom", page.QuerySelector("link[rel=alternate][type='application/atom+xml']")!.GetAttribute("href"));
        var (_, trendingPage) = await _app.GetPageAsync("/trending");
        Assert.Equal("/feeds/trending.rss", trendingPage.QuerySelector("link[rel=alternate][type='application/rss+xml']")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync("/feeds/arxiv/cs.CL%3Cscript%3E.atom")).StatusCode);
    }

    [Fact]
    public async Task An_empty_feed_was_updated_now_not_in_1970()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var (response, feed) = await GetFeedAsync("/feeds/arxiv/math.AG.atom");

        Assert.Empty(feed.Items);
        Assert.InRange(feed.LastUpdatedTime, before, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(response.Content.Headers.LastModified);
    }

    [Fact]
    public async Task The_operators_page_says_how_operators_get_in()
    {
        var (response, page) = await _app.GetPageAsync("/status/401");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("sign in with Admin:Username (default \"admin\") and Admin:Password", page.QuerySelector("main")!.TextContent);

        var (refused, refusal) = await _app.GetPageAsync("/status/403");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Set Admin:Password (at least 12 characters) to open it from anywhere", refusal.QuerySelector("main")!.TextContent);
    }

    private async Task<(HttpResponseMessage Response, SyndicationFeed Feed)> GetFeedAsync(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        return (response, SyndicationFeed.Load(reader));
    }
}
