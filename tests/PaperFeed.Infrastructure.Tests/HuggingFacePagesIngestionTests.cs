using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources.HuggingFace;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// Hugging Face's papers pages end to end: pages built from real recorded entries (not captured pages; see
/// tests/testdata/BUILT-PAGES.md) served by a real HTTP listener on 127.0.0.1, stored in a real, migrated SQLite file.
/// </summary>
public sealed class HuggingFacePagesIngestionTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 9, 1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 9, 30, 0, TimeSpan.Zero));
    private RecordedUpstream _upstream = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _upstream = await RecordedUpstream.StartAsync();
        _host = await TestHost.StartAsync(_upstream.BaseAddress, clock: _clock);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_week_page_stores_each_paper_on_its_own_day_where_it_merges_with_the_api_list_of_that_day()
    {
        _upstream.ServeDay("2025-09-16", Fixtures.HuggingFaceDay("2025-09-16"));
        await _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(sp.GetRequiredService<HuggingFaceSource>(), new SourceQuery.Days(new DateOnly(2025, 9, 16), new DateOnly(2025, 9, 16))));
        _upstream.ServeHtml("/papers/week/2025-W38", "hf-papers-html/week-2025-W38.html");

        var stored = await IngestPageAsync("2025-W38");

        Assert.Equal(new StoredDay(SourceNames.HuggingFace, new DateOnly(2025, 9, 16), 13, 0, 0), Assert.Single(stored));
        Assert.Equal("/papers/week/2025-W38", _upstream.Requests[^1]);
        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            Assert.Equal(13, await db.FeaturedEntries.CountAsync(f => f.Source == SourceNames.HuggingFace && f.Date == new DateOnly(2025, 9, 16)));
            Assert.Equal(13, await db.FeaturedEntries.CountAsync());
            var paper = await db.Papers.SingleAsync(p => p.ArxivId == "2509.11986");
            Assert.Contains("Ivan Vulić", paper.Authors);
            var page = await db.SourceStates.SingleAsync(s => s.Source == SourceNames.HuggingFaceHtml);
            Assert.Equal(("2025-W38", 13, false), (page.Cursor, page.ItemsSeen, page.IsFailing));
            Assert.Equal("2025-09-16", (await db.SourceStates.SingleAsync(s => s.Source == SourceNames.HuggingFace)).Cursor);
        });
    }

    [Fact]
    public async Task A_day_page_whose_entries_do_not_say_their_day_is_stored_on_the_page_day()
    {
        _upstream.ServeHtml("/papers/date/2025-03-14", "hf-papers-html/date-2025-03-14.html");

        var stored = await IngestPageAsync("2025-03-14");

        Assert.Equal((new DateOnly(2025, 3, 14), 26, 26), (Assert.Single(stored).Day, stored[0].Entries, stored[0].NewPapers));
        var top = await _host.QueryAsync(db => db.FeaturedEntries.Include(f => f.Paper).OrderByDescending(f => f.Upvotes).FirstAsync());
        Assert.Equal(("2503.10613", 29, 7), (top.Paper.ArxivId, top.Upvotes, top.Comments));
    }

    [Fact]
    public async Task Trending_becomes_its_own_list_on_the_day_it_was_fetched()
    {
        _upstream.ServeHtml("/papers/trending", "hf-papers-html/trending.html");

        var stored = await _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(sp.GetRequiredService<HuggingFaceHtmlSource>(), new SourceQuery.Page(null)));

        Assert.Equal(new StoredDay(SourceNames.HuggingFaceTrending, Today, 8, 8, 0), Assert.Single(stored));
        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            Assert.False(await db.FeaturedEntries.AnyAsync(f => f.Source == SourceNames.HuggingFace));
            var top = await db.FeaturedEntries.Include(f => f.Paper).SingleAsync(f => f.Paper.ArxivId == "2608.19880");
            Assert.Equal((SourceNames.HuggingFaceTrending, Today, 163), (top.Source, top.Date, top.Upvotes));
            Assert.Equal("EnvHarness: Awakening Static Worlds for Agent Learning", top.Paper.Title);
            Assert.Equal("2026-09-01", (await db.SourceStates.SingleAsync(s => s.Source == SourceNames.HuggingFaceTrending)).Cursor);
        });
    }

    [Fact]
    public async Task A_papers_page_whose_structure_changed_is_a_clear_error_and_leaves_stored_data_intact()
    {
        _upstream.ServeHtml("/papers/month/2025-06", "hf-papers-html/month-2025-06.html");
        await IngestPageAsync("2025-06");
        var changed = File.ReadAllText(Fixtures.Path("hf-papers-html/month-2025-06.html")).Replace("data-target=\"DailyPapers\"", "data-target=\"PapersFeed\"", StringComparison.Ordinal);
        _upstream.ServeFile("/papers/month/2025-06", Encoding.UTF8.GetBytes(changed), "text/html; charset=utf-8");
        _clock.Advance(TimeSpan.FromMinutes(30));

        var error = await Assert.ThrowsAsync<SourceException>(() => IngestPageAsync("2025-06"));

        Assert.Equal($"huggingface-html: unreadable response from {_upstream.BaseAddress}papers/month/2025-06: no element with data-target=\"DailyPapers\"", error.Describe());
        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            Assert.Equal(24, await db.FeaturedEntries.CountAsync(f => f.Source == SourceNames.HuggingFace && f.Date == new DateOnly(2025, 6, 17)));
            var state = await db.SourceStates.SingleAsync(s => s.Source == SourceNames.HuggingFaceHtml);
            Assert.True(state.IsFailing);
            Assert.Equal(error.Describe(), state.LastError);
        });
    }

    [Fact]
    public async Task An_http_error_on_the_trending_page_names_the_list_the_day_and_the_address()
    {
        _upstream.ServeFile("/papers/trending", Encoding.UTF8.GetBytes("<html>busy</html>"), "text/html", 503);

        var error = await Assert.ThrowsAsync<SourceException>(() =>
            _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(sp.GetRequiredService<HuggingFaceHtmlSource>(), new SourceQuery.Page(null))));

        Assert.Equal($"huggingface-trending 2026-09-01: HTTP 503 (Service Unavailable) from {_upstream.BaseAddress}papers/trending", error.Describe());
    }


    private Task<IReadOnlyList<StoredDay>> IngestPageAsync(string period) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(
            sp.GetRequiredService<HuggingFaceHtmlSource>(),
            new SourceQuery.Page(Period.TryParseDay(period, out var day) ? day : Period.TryParseWeek(period, out var week) ? week : Period.TryParseMonth(period, out var month) ? month : throw new ArgumentException(period))));

}
