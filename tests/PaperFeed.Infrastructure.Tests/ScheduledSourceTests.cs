using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Jobs;
using PaperFeed.Infrastructure.Sources;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>Every source behind one interface, enabled and timed by configuration, run by one job, against a real local server.</summary>
public sealed class ScheduledSourceTests : IAsyncLifetime
{
    private RecordedUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await RecordedUpstream.StartAsync();
        _upstream.ServeFile("/rss/cs.CL", Fixtures.Bytes("arxiv-rss/2024-11-28_all-archives.rss.xml"), "application/rss+xml");
        _upstream.ServeFile("/rss/astroph", Fixtures.Bytes("arxiv-rss/2024-11-28_error_bad-archive-astroph.rss.xml"), "application/rss+xml");
    }

    public Task DisposeAsync() => _upstream.DisposeAsync().AsTask();

    [Fact]
    public async Task Every_source_is_one_scheduled_source_enabled_and_timed_by_its_configuration()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Sources:HuggingFace:Enabled"] = "false",
            ["Sources:Arxiv:Rss:Enabled"] = "true",
            ["Sources:Arxiv:Rss:Cron"] = "0 2 * * 1-5",
        });

        var sources = host.Services.GetServices<IPaperSource>().ToDictionary(s => s.Name);

        Assert.Equal(["arxiv-api", "arxiv-html", "arxiv-rss", "huggingface", "huggingface-trending"], sources.Keys.Order());
        Assert.Equal((true, "0 2 * * 1-5", "Sources:Arxiv:Rss"), (sources["arxiv-rss"].Schedule.Enabled, sources["arxiv-rss"].Schedule.Cron, sources["arxiv-rss"].Section));
        Assert.False(sources["huggingface"].Schedule.Enabled);
        Assert.All(new[] { "arxiv-api", "arxiv-html", "huggingface-trending" }, name => Assert.False(sources[name].Schedule.Enabled));
        Assert.All(sources.Values, s => Assert.NotEmpty(s.Schedule.Cron));
    }

    [Fact]
    public async Task A_run_stores_each_category_that_answers_and_then_fails_for_the_one_that_did_not()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Sources:Arxiv:RssBaseUrl"] = _upstream.BaseAddress.ToString().TrimEnd('/'),
            ["Sources:Arxiv:Categories:0"] = "astroph",
            ["Sources:Arxiv:Categories:1"] = "cs.CL",
        });

        var error = await Assert.ThrowsAsync<SourceException>(() => host.InScopeAsync(sp => sp.GetRequiredService<SourceJob>().RunAsync("arxiv-rss", CancellationToken.None)));

        Assert.Contains("arxiv:astroph", error.Describe());
        Assert.Equal(["/rss/astroph", "/rss/cs.CL"], _upstream.Requests);
        Assert.Equal(935, await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().FeaturedEntries.CountAsync(f => f.Source == "arxiv:cs.CL")));
        var states = await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().SourceStates.ToDictionaryAsync(s => s.Source));
        Assert.True(states["arxiv:astroph"].IsFailing);
        Assert.False(states["arxiv:cs.CL"].IsFailing);
    }

    [Fact]
    public async Task The_api_run_adds_arxivs_data_to_recent_papers_that_lack_it_once()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 12, 4, 0, 0, TimeSpan.Zero));
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Sources:Arxiv:ApiBaseUrl"] = _upstream.BaseAddress.ToString().TrimEnd('/'),
            ["Sources:Arxiv:RequestDelay"] = "00:00:00", // the fake clock does not move: no spacing to wait for
        }, clock: clock);
        var hf = new PaperRecord("2104.12255", "Zero (as Hugging Face wrote it)", "Short.", ["Q. Nguyen"], null);
        await host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().StoreListingAsync(SourceNames.HuggingFace, new ParsedListing([new FeaturedRecord(hf, new DateOnly(2026, 4, 11), 7, 1)], [])));
        _upstream.ServeFile("/api/query", Fixtures.RecordedBody("arxiv-api/2026-04-12_id_list_2104.12255v1.recorded.json"), "application/atom+xml");

        await host.InScopeAsync(sp => sp.GetRequiredService<SourceJob>().RunAsync("arxiv-api", CancellationToken.None));
        await host.InScopeAsync(sp => sp.GetRequiredService<SourceJob>().RunAsync("arxiv-api", CancellationToken.None));

        Assert.Contains("id_list=2104.12255", Assert.Single(_upstream.Requests)); // the second run had nothing left to ask
        var paper = await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Papers.SingleAsync());
        Assert.Equal(["cs.CR"], paper.Categories);
        Assert.True(paper.HasArxivBibliography);
        var state = await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().SourceStates.SingleAsync(s => s.Source == "arxiv-api"));
        Assert.Equal((0, "2026-04-05"), (state.ItemsSeen, state.Cursor));
    }
}
