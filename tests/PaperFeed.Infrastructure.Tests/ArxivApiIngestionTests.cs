using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>arXiv's API through a real local HTTP server replaying recorded answers.</summary>
public sealed class ArxivApiIngestionTests : IAsyncLifetime
{
    private RecordedUpstream _upstream = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _upstream = await RecordedUpstream.StartAsync();
        _host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Sources:Arxiv:ApiBaseUrl"] = _upstream.BaseAddress.ToString().TrimEnd('/'),
            ["Sources:Arxiv:RequestDelay"] = "00:00:00.500",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_category_query_pages_until_nothing_is_new_and_spaces_its_requests()
    {
        // The replay answers every page with the same recorded 10 of 214,881 results: the second page brings nothing new.
        _upstream.ServeFile("/api/query", Recorded("2026-04-12_query_testing_s0_m10.recorded.json"), "application/atom+xml");
        // Warm up (connection, first-call costs), so that arrival times show the spacing and not a cold start.
        await _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(sp.GetRequiredService<ArxivApiSource>(), new SourceQuery.Ids(["2202.12139"])));

        var stored = await _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(
            sp.GetRequiredService<ArxivApiSource>(), new SourceQuery.Categories(["cs.SE"], new DateOnly(2018, 1, 1), new DateOnly(2024, 12, 31))));

        Assert.Equal(10, stored.Sum(s => s.Entries));
        Assert.Equal(3, _upstream.Requests.Count);
        Assert.Contains("search_query=cat%3Acs.SE%20AND%20submittedDate%3A%5B201801010000%20TO%20202412312359%5D", _upstream.Requests[1]);
        Assert.Contains("start=100", _upstream.Requests[2]);
        var gap = _upstream.RequestTimes[2] - _upstream.RequestTimes[1];
        Assert.True(gap >= TimeSpan.FromMilliseconds(350), $"{gap.TotalMilliseconds} ms between requests");
        var paper = await _host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Papers.Include(p => p.Featured).SingleAsync(p => p.ArxivId == "2202.12139"));
        Assert.Equal(["cs.SE", "cs.LG"], paper.Categories);
        Assert.Equal("10.1109/ICSTW55395.2022.00035", paper.Doi);
        Assert.Equal(("arxiv:cs.SE", new DateOnly(2022, 2, 24)), (paper.Featured.Single().Source, paper.Featured.Single().Date));
        Assert.Equal(1, await _host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Papers.CountAsync(p => p.Authors.Contains("José Raúl Romero"))));
    }

    [Fact]
    public async Task A_lookup_enriches_a_paper_hugging_face_brought_and_keeps_its_counts()
    {
        var hf = new PaperRecord("2104.12255", "Zero (as Hugging Face wrote it)", "Short.", ["Q. Nguyen"], null) { GithubRepo = "https://github.com/example/zero" };
        await _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().StoreListingAsync(SourceNames.HuggingFace, new ParsedListing([new FeaturedRecord(hf, new DateOnly(2021, 4, 21), 7, 1)], [])));
        _upstream.ServeFile("/api/query", Recorded("2026-04-12_id_list_2104.12255v1.recorded.json"), "application/atom+xml");

        var stored = await _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestReportAsync(sp.GetRequiredService<ArxivApiSource>(), new SourceQuery.Ids(["2104.12255"])));
        var (added, updated) = (stored.Units.Single().NewPapers, stored.Units.Single().UpdatedPapers);

        Assert.Equal((0, 1), (added, updated));
        Assert.Contains("id_list=2104.12255", _upstream.Requests.Single());
        var paper = await _host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Papers.Include(p => p.Featured).SingleAsync(p => p.ArxivId == "2104.12255"));
        Assert.Equal("0", paper.Title); // arXiv's title wins, even when it is "0"
        Assert.Equal(["Quan Thoi Minh Nguyen"], paper.Authors);
        Assert.Equal(["cs.CR"], paper.Categories);
        Assert.Equal("https://github.com/example/zero", paper.GithubRepo);
        Assert.Equal(7, Assert.Single(paper.Featured).Upvotes);
    }

    [Fact]
    public async Task The_error_feed_is_a_clear_error()
    {
        _upstream.ServeFile("/api/query", Recorded("2026-04-12_id_list_abc_error400.recorded.json"), "application/atom+xml", status: 400);

        var error = await Assert.ThrowsAsync<SourceException>(() => _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(
            sp.GetRequiredService<ArxivApiSource>(), new SourceQuery.Categories(["cs.CL"], new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 2)))));

        Assert.StartsWith("arxiv:cs.CL: incorrect id format for abc (http://127.0.0.1:", error.Describe());
        Assert.Equal(0, await _host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Papers.CountAsync()));
    }

    private static byte[] Recorded(string file) => Fixtures.RecordedBody($"arxiv-api/{file}");
}
