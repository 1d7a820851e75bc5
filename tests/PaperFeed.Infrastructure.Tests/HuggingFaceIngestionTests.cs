using System.Text;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Jobs;
using PaperFeed.Infrastructure.Sources.HuggingFace;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>Ingestion end to end: a real HTTP listener replaying recorded responses, a real SQLite file.</summary>
public sealed class HuggingFaceIngestionTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2025, 6, 17);
    private RecordedUpstream _upstream = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _upstream = await RecordedUpstream.StartAsync();
        _host = await TestHost.StartAsync(_upstream.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Ingesting_a_day_stores_every_paper_with_its_details_and_counts()
    {
        _upstream.ServeDay("2025-06-17", Fixtures.HuggingFaceDay("2025-06-17"));

        var stored = await IngestAsync(Day);

        Assert.Equal(24, stored.Single().Entries);
        var papers = await _host.QueryAsync(db => db.Papers.Include(p => p.Featured).OrderByDescending(p => p.Featured[0].Upvotes).ToListAsync());
        Assert.Equal(24, papers.Count);
        var top = papers[0];
        Assert.Equal("2506.13585", top.ArxivId);
        Assert.Equal("MiniMax-M1: Scaling Test-Time Compute Efficiently with Lightning Attention", top.Title);
        Assert.Equal(127, top.Authors.Count);
        Assert.Equal("MiniMax", top.Authors[0]);
        Assert.Equal("https://github.com/MiniMax-AI/MiniMax-M1", top.GithubRepo);
        Assert.Equal("https://huggingface.co/MiniMaxAI/MiniMax-M1-80k", top.ProjectPage);
        Assert.Equal(6, top.Keywords.Count);
        Assert.StartsWith("A hybrid-attention reasoning model", top.AiSummary);
        var featured = Assert.Single(top.Featured);
        Assert.Equal((SourceNames.HuggingFace, Day, 148, 2), (featured.Source, featured.Date, featured.Upvotes, featured.Comments));

        var state = await _host.QueryAsync(db => db.SourceStates.SingleAsync(s => s.Source == SourceNames.HuggingFace));
        Assert.Equal("2025-06-17", state.Cursor);
        Assert.Equal(24, state.ItemsSeen);
        Assert.False(state.IsFailing);
    }

    [Fact]
    public async Task Re_ingesting_a_day_updates_counts_and_changes_nothing_else()
    {
        _upstream.ServeDay("2025-06-17", Fixtures.HuggingFaceDay("2025-06-17"));
        await IngestAsync(Day);
        var before = await SnapshotAsync();

        // Same day again, unchanged: nothing at all changes.
        var again = await IngestAsync(Day);
        Assert.Equal((24, 0, 0), (again.Single().Entries, again.Single().NewPapers, again.Single().UpdatedPapers));
        Assert.Equal(before, await SnapshotAsync());

        // Later the same day, the top paper has more votes and comments: only those change.
        var changed = JsonNode.Parse(File.ReadAllBytes(Fixtures.HuggingFaceDay("2025-06-17")))!.AsArray();
        Assert.Equal("2506.13585", changed[0]!["paper"]!["id"]!.GetValue<string>());
        changed[0]!["paper"]!["upvotes"] = 151;
        changed[0]!["numComments"] = 5;
        var changedFile = Path.Combine(TestHost.NewDataDirectory(), "2025-06-17.json");
        File.WriteAllText(changedFile, changed.ToJsonString());
        _upstream.ServeDay("2025-06-17", changedFile); // paged by limit and p, as the real API does
        await IngestAsync(Day);

        var after = await SnapshotAsync();
        Assert.Equal(before.Count, after.Count);
        foreach (var (key, row) in before)
        {
            var expected = key == "2506.13585" ? row with { Upvotes = 151, Comments = 5 } : row;
            Assert.Equal(expected, after[key]);
        }

        Assert.Equal(151, after["2506.13585"].Upvotes);
        Assert.Equal(24, await _host.QueryAsync(db => db.FeaturedEntries.CountAsync(f => f.Date == Day)));
    }

    [Fact]
    public async Task A_day_longer_than_one_page_is_fetched_page_by_page()
    {
        await using var host = await TestHost.StartAsync(_upstream.BaseAddress, new Dictionary<string, string?> { ["Sources:HuggingFace:PageSize"] = "10" });
        _upstream.ServeDay("2025-03-14", Fixtures.HuggingFaceDay("2025-03-14"));

        var stored = await host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>()
            .IngestAsync(sp.GetRequiredService<HuggingFaceSource>(), new SourceQuery.Days(new DateOnly(2025, 3, 14), new DateOnly(2025, 3, 14))));

        Assert.Equal(26, stored.Single().Entries);
        Assert.Equal(
            ["/api/daily_papers?date=2025-03-14&limit=10&p=0", "/api/daily_papers?date=2025-03-14&limit=10&p=1", "/api/daily_papers?date=2025-03-14&limit=10&p=2"],
            _upstream.Requests.Where(r => r.Contains("2025-03-14", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Requests_to_the_upstream_are_spaced_out()
    {
        await using var host = await TestHost.StartAsync(_upstream.BaseAddress, new Dictionary<string, string?>
        {
            ["Sources:HuggingFace:PageSize"] = "10",
            ["Sources:HuggingFace:RequestDelay"] = "00:00:00.500",
        });
        _upstream.ServeDay("2025-03-14", Fixtures.HuggingFaceDay("2025-03-14"));

        await host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().RunAsync(
            sp.GetRequiredService<HuggingFaceSource>(), new SourceQuery.Days(new DateOnly(2025, 3, 13), new DateOnly(2025, 3, 14)), progress: null, CancellationToken.None));

        var times = _upstream.RequestTimes;
        Assert.Equal(4, times.Count); // one page for the 13th, three for the 14th
        // From the second request on (the first one's arrival also carries cold-start costs), the gaps show the delay.
        Assert.All(times.Skip(1).Zip(times.Skip(2)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(350), $"{(pair.Second - pair.First).TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task An_upstream_that_ignores_paging_is_not_asked_forever()
    {
        await using var host = await TestHost.StartAsync(_upstream.BaseAddress, new Dictionary<string, string?> { ["Sources:HuggingFace:PageSize"] = "5" });
        var whole = File.ReadAllText(Fixtures.HuggingFaceDay("2025-09-16"));
        _upstream.ServeDay("2025-09-16", HttpStatusCode.OK, whole);

        var stored = await host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>()
            .IngestAsync(sp.GetRequiredService<HuggingFaceSource>(), new SourceQuery.Days(new DateOnly(2025, 9, 16), new DateOnly(2025, 9, 16))));

        Assert.Equal(13, stored.Single().Entries);
        Assert.Equal(2, _upstream.Requests.Count(r => r.Contains("2025-09-16", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_http_500_is_a_clear_error_and_leaves_the_stored_day_as_it_was()
    {
        _upstream.ServeDay("2025-06-17", Fixtures.HuggingFaceDay("2025-06-17"));
        await IngestAsync(Day);
        var before = await SnapshotAsync();

        _upstream.ServeDay("2025-06-17", HttpStatusCode.InternalServerError, "{\"error\":\"boom\"}");
        var error = await Assert.ThrowsAsync<SourceException>(() => IngestAsync(Day));

        Assert.StartsWith("huggingface 2025-06-17: HTTP 500 (Internal Server Error) from http://127.0.0.1:", error.Describe());
        Assert.Equal(before, await SnapshotAsync());
        var state = await _host.QueryAsync(db => db.SourceStates.SingleAsync(s => s.Source == SourceNames.HuggingFace));
        Assert.True(state.IsFailing);
        Assert.Contains("HTTP 500", state.LastError);
    }

    [Theory]
    [InlineData("http 500")]
    [InlineData("truncated")]
    public async Task A_day_whose_second_page_fails_after_the_first_was_read_is_exactly_as_it_was(string failure)
    {
        // Pages of 10: the recorded day (24 papers) takes three requests.
        await _host.DisposeAsync();
        _host = await TestHost.StartAsync(_upstream.BaseAddress, new Dictionary<string, string?> { ["Sources:HuggingFace:PageSize"] = "10" });
        _upstream.ServeDay("2025-06-17", Fixtures.HuggingFaceDay("2025-06-17"));
        await IngestAsync(Day);
        var before = await SnapshotAsync();

        // Again, with new vote counts on the first page and a failure on the second.
        var changed = JsonNode.Parse(File.ReadAllText(Fixtures.HuggingFaceDay("2025-06-17")))!.AsArray();
        foreach (var entry in changed)
        {
            entry!["paper"]!["upvotes"] = entry["paper"]!["upvotes"]!.GetValue<int>() + 100;
        }

        _upstream.ServeDay("2025-06-17", async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Query["p"] == "0")
            {
                await context.Response.WriteAsync(new JsonArray([.. changed.Take(10).Select(e => e!.DeepClone())]).ToJsonString());
            }
            else if (failure == "http 500")
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync("{\"error\":\"boom\"}");
            }
            else
            {
                await context.Response.WriteAsync(new JsonArray([.. changed.Skip(10).Take(10).Select(e => e!.DeepClone())]).ToJsonString()[..300]);
            }
        });
        var requestsBefore = _upstream.Requests.Count;

        await Assert.ThrowsAsync<SourceException>(() => IngestAsync(Day));

        Assert.Equal(["/api/daily_papers?date=2025-06-17&limit=10&p=0", "/api/daily_papers?date=2025-06-17&limit=10&p=1"], _upstream.Requests.Skip(requestsBefore));
        Assert.Equal(before, await SnapshotAsync());

        // The control: once every page answers, the new counts are stored (so the comparison above could see them).
        var changedFile = Path.Combine(TestHost.NewDataDirectory(), "2025-06-17.json");
        File.WriteAllText(changedFile, changed.ToJsonString());
        _upstream.ServeDay("2025-06-17", changedFile); // paged by limit and p, as the real API does
        await IngestAsync(Day);
        Assert.All((await SnapshotAsync()).Values, row => Assert.Equal(before.Values.Single(b => b.PaperId == row.PaperId).Upvotes + 100, row.Upvotes));
    }

    [Fact]
    public async Task An_upstream_asking_to_wait_a_second_is_waited_for_and_the_day_is_stored()
    {
        var asked = 0;
        _upstream.ServeDay("2025-06-17", async context =>
        {
            if (asked++ == 0)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(await File.ReadAllBytesAsync(Fixtures.HuggingFaceDay("2025-06-17")));
        });

        var stored = await IngestAsync(Day);

        Assert.Equal(24, Assert.Single(stored).Entries);
        var times = _upstream.RequestTimes;
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(0.95), $"asked again after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData("3600", "it asks to wait 3600 s, longer than a run waits (60 s)", 1)]
    [InlineData("0", "still so after waiting 2 times as it asked", 3)]
    public async Task An_upstream_that_keeps_asking_to_wait_is_a_clear_error_that_stores_nothing(string retryAfter, string expected, int requests)
    {
        _upstream.ServeDay("2025-06-17", context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = retryAfter;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsAsync<SourceException>(() => IngestAsync(Day));

        Assert.Contains("HTTP 429", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Equal(requests, _upstream.Requests.Count);
        Assert.Equal(0, await _host.QueryAsync(db => db.FeaturedEntries.CountAsync()));
    }

    [Fact]
    public async Task A_body_far_larger_than_any_day_is_cut_off_with_a_clear_error_and_stores_nothing()
    {
        // 50 MB of a JSON array that never ends: the read stops at the client's bound (32 MB), it is not parsed.
        _upstream.ServeDay("2025-06-17", async context =>
        {
            context.Response.ContentType = "application/json";
            var chunk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"paper\":{\"id\":\"2506.00001\"}},", 1024)));
            await context.Response.Body.WriteAsync("["u8.ToArray());
            for (var written = 0L; written < 50L * 1024 * 1024; written += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });

        var error = await Assert.ThrowsAsync<SourceException>(() => IngestAsync(Day));

        Assert.Contains("request failed", error.Message);
        Assert.Contains("maximum buffer size", error.Message);
        Assert.Equal(0, await _host.QueryAsync(db => db.Papers.CountAsync()));
    }

    [Fact]
    public async Task A_malformed_body_is_a_clear_error_and_stores_nothing()
    {
        // A truncated response, as a dropped connection or a proxy error page would give.
        var truncated = File.ReadAllText(Fixtures.HuggingFaceDay("2026-08-21"))[..5000];
        _upstream.ServeDay("2026-08-21", HttpStatusCode.OK, truncated);

        var error = await Assert.ThrowsAsync<SourceException>(() => IngestAsync(new DateOnly(2026, 8, 21)));

        Assert.Contains("unreadable response from http://127.0.0.1:", error.Message);
        Assert.Contains("not valid JSON", error.Message);
        Assert.Equal(0, await _host.QueryAsync(db => db.Papers.CountAsync()));
        Assert.Equal(0, await _host.QueryAsync(db => db.FeaturedEntries.CountAsync()));
    }

    [Theory]
    [InlineData("paper", "paperInfo", "none of the 24 entries could be read")]
    [InlineData("upvotes", "likes", "none of the 24 entries has a number in paper.upvotes")]
    public async Task A_renamed_field_is_a_clear_error_and_leaves_the_stored_day_as_it_was(string field, string renamedTo, string expected)
    {
        _upstream.ServeDay("2025-06-17", Fixtures.HuggingFaceDay("2025-06-17"));
        await IngestAsync(Day);
        var before = await SnapshotAsync();

        // The same day as a new version of the API might send it: one field renamed in every entry.
        var renamed = JsonNode.Parse(File.ReadAllText(Fixtures.HuggingFaceDay("2025-06-17")))!.AsArray();
        foreach (var entry in renamed)
        {
            var owner = field == "paper" ? entry!.AsObject() : entry!["paper"]!.AsObject();
            var value = owner[field]!;
            owner.Remove(field);
            owner[renamedTo] = value;
        }

        _upstream.ServeDay("2025-06-17", HttpStatusCode.OK, renamed.ToJsonString());
        var error = await Assert.ThrowsAsync<SourceException>(() => IngestAsync(Day));

        Assert.StartsWith("huggingface 2025-06-17: unreadable response from http://127.0.0.1:", error.Describe());
        Assert.Contains(expected, error.Describe());
        Assert.Equal(before, await SnapshotAsync()); // without the check, "likes" sets every vote of the day to 0
        var state = await _host.QueryAsync(db => db.SourceStates.SingleAsync(s => s.Source == SourceNames.HuggingFace));
        Assert.True(state.IsFailing);
        Assert.Contains("the format may have changed", state.LastError);
    }

    [Fact]
    public async Task A_timeout_is_a_clear_error()
    {
        await using var host = await TestHost.StartAsync(_upstream.BaseAddress, new Dictionary<string, string?> { ["Sources:HuggingFace:Timeout"] = "00:00:01" });
        _upstream.ServeDay("2025-06-17", async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));

        var error = await Assert.ThrowsAsync<SourceException>(() => host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>()
            .IngestAsync(sp.GetRequiredService<HuggingFaceSource>(), new SourceQuery.Days(Day, Day))));

        Assert.Contains("no answer within 1 s", error.Message);
    }

    [Fact]
    public async Task An_unreachable_upstream_is_a_clear_error()
    {
        await using var host = await TestHost.StartAsync(new Uri("http://127.0.0.1:9"));

        var error = await Assert.ThrowsAsync<SourceException>(() => host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>()
            .IngestAsync(sp.GetRequiredService<HuggingFaceSource>(), new SourceQuery.Days(Day, Day))));

        Assert.StartsWith("huggingface 2025-06-17: cannot connect to http://127.0.0.1:9", error.Describe());
    }

    [Fact]
    public async Task A_failing_day_in_a_range_keeps_the_days_before_and_after()
    {
        _upstream.ServeDay("2025-09-15", Fixtures.HuggingFaceDay("2025-06-17"));
        _upstream.ServeDay("2025-09-16", HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html");
        _upstream.ServeDay("2025-09-17", Fixtures.HuggingFaceDay("2026-08-21"));

        var result = await _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().RunAsync(
            sp.GetRequiredService<HuggingFaceSource>(), new SourceQuery.Days(new DateOnly(2025, 9, 15), new DateOnly(2025, 9, 17)), progress: null, CancellationToken.None));

        var failure = Assert.Single(result.Failures);
        Assert.Equal(new DateOnly(2025, 9, 16), failure.Day);
        Assert.Contains("HTTP 502", failure.Message);
        // The recordings carry submittedOnDailyAt, so their entries are stored under their own days.
        Assert.Equal([new DateOnly(2025, 6, 17), new DateOnly(2026, 8, 21)], result.Stored.Select(s => s.Day));
        Assert.Equal(41, await _host.QueryAsync(db => db.FeaturedEntries.CountAsync()));
        Assert.Throws<SourceException>(result.ThrowIfFailed);
    }

    [Fact]
    public async Task The_recurring_job_ingests_today_and_yesterday_and_fails_so_hangfire_retries()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 8, 22, 6, 0, 0, TimeSpan.Zero));
        await using var host = await TestHost.StartAsync(_upstream.BaseAddress, clock: clock);
        _upstream.ServeDay("2026-08-21", Fixtures.HuggingFaceDay("2026-08-21"));
        _upstream.ServeDay("2026-08-22", HttpStatusCode.ServiceUnavailable, "");

        await Assert.ThrowsAsync<SourceException>(() => host.InScopeAsync(sp => sp.GetRequiredService<SourceJob>().RunAsync("huggingface", CancellationToken.None)));
        Assert.Equal(17, await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().FeaturedEntries.CountAsync(f => f.Date == new DateOnly(2026, 8, 21))));

        _upstream.ServeDay("2026-08-22", HttpStatusCode.OK, "[]");
        await host.InScopeAsync(sp => sp.GetRequiredService<SourceJob>().RunAsync("huggingface", CancellationToken.None));
        Assert.Contains("/api/daily_papers?date=2026-08-22&limit=100&p=0", _upstream.Requests);
    }

    [Fact]
    public async Task Backfill_asks_for_each_of_the_last_days()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 18, 6, 0, 0, TimeSpan.Zero));
        await using var host = await TestHost.StartAsync(_upstream.BaseAddress, new Dictionary<string, string?> { ["Sources:HuggingFace:BackfillDays"] = "3" }, clock);
        _upstream.ServeDay("2025-06-17", Fixtures.HuggingFaceDay("2025-06-17"));

        await host.InScopeAsync(sp => sp.GetRequiredService<HuggingFaceIngestJob>().BackfillAsync(CancellationToken.None));

        Assert.Equal(
            ["2025-06-16", "2025-06-17", "2025-06-18"],
            _upstream.Requests.Select(r => r.Split("date=")[1][..10]).Distinct());
        Assert.Equal(24, await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().FeaturedEntries.CountAsync()));
    }

    private Task<IReadOnlyList<StoredDay>> IngestAsync(DateOnly day) =>
        _host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().IngestAsync(sp.GetRequiredService<HuggingFaceSource>(), new SourceQuery.Days(day, day)));


    /// <summary>Everything stored per paper, to compare before and after.</summary>
    private Task<Dictionary<string, Row>> SnapshotAsync() => _host.QueryAsync(async db =>
        (await db.FeaturedEntries.Include(f => f.Paper).AsNoTracking().ToListAsync())
            .ToDictionary(
                f => f.Paper.ArxivId,
                f => new Row(f.Paper.Id, f.Id, f.Paper.Title, f.Paper.Abstract, string.Join('|', f.Paper.Authors), f.Paper.AiSummary, string.Join('|', f.Paper.Keywords),
                    f.Paper.GithubRepo, f.Paper.ProjectPage, f.Paper.ThumbnailUrl, f.Paper.PublishedAt, f.Paper.UpdatedAt, f.Date, f.Upvotes, f.Comments)));

    private sealed record Row(
        int PaperId, int EntryId, string Title, string Abstract, string Authors, string? AiSummary, string Keywords,
        string? GithubRepo, string? ProjectPage, string? Thumbnail, DateTime? PublishedAt, DateTime UpdatedAt, DateOnly Date, int Upvotes, int Comments);
}
