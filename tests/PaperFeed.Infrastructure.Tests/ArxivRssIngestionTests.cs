using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>arXiv's RSS announcements through a real local HTTP server replaying the recorded feeds.</summary>
public sealed class ArxivRssIngestionTests : IAsyncLifetime
{
    private RecordedUpstream _upstream = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _upstream = await RecordedUpstream.StartAsync();
        _upstream.ServeFile("/rss/cs.CL", Fixtures.Bytes("arxiv-rss/2024-11-28_all-archives.rss.xml"), "application/rss+xml");
        _upstream.ServeFile("/rss/astroph", Fixtures.Bytes("arxiv-rss/2024-11-28_error_bad-archive-astroph.rss.xml"), "application/rss+xml");
        _host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["Sources:Arxiv:RssBaseUrl"] = _upstream.BaseAddress.ToString().TrimEnd('/') });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task An_announcement_becomes_the_categorys_list_of_the_day_and_every_paper_is_stored_once()
    {
        var stored = await IngestAsync("cs.CL");
        var again = await IngestAsync("cs.CL");

        var day = Assert.Single(stored);
        Assert.Equal((new DateOnly(2024, 11, 28), 935), (day.Day, day.Entries)); // 926 new + 9 cross-lists
        Assert.Equal((0, 0), (Assert.Single(again).NewPapers, again[0].UpdatedPapers));
        await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            Assert.Equal(935, await db.Papers.CountAsync()); // replacements of papers the catalog does not have are not added
            Assert.Equal(935, await db.FeaturedEntries.CountAsync(f => f.Source == "arxiv:cs.CL" && f.Date == new DateOnly(2024, 11, 28)));
            var first = await db.Papers.SingleAsync(p => p.ArxivId == "2411.17700");
            Assert.Equal(["cs.CY"], first.Categories);
            Assert.True(first.HasArxivBibliography);
            Assert.Null(first.PublishedAt); // the RSS date is the announcement's, not the paper's
            var state = await db.SourceStates.SingleAsync(s => s.Source == "arxiv:cs.CL");
            Assert.Equal(("2024-11-28", 1504), (state.Cursor, state.ItemsSeen));
        });
    }

    [Fact]
    public async Task The_error_channel_is_a_clear_error_recorded_for_the_list()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => IngestAsync("astroph"));

        Assert.StartsWith("arxiv:astroph: Feed error for query: http://rss.arxiv.org/rss/astroph: Bad archive 'astroph'.", error.Describe());
        await _host.InScopeAsync(async sp =>
        {
            var state = await sp.GetRequiredService<PaperFeedDbContext>().SourceStates.SingleAsync(s => s.Source == "arxiv:astroph");
            Assert.True(state.IsFailing);
            Assert.Equal(0, await sp.GetRequiredService<PaperFeedDbContext>().Papers.CountAsync());
        });
    }

    private Task<IReadOnlyList<StoredDay>> IngestAsync(string category) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(sp.GetRequiredService<ArxivRssSource>(), new SourceQuery.Categories([category])));
}
