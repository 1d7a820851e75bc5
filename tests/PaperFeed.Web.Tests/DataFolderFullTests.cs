using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources.HuggingFace;
using PaperFeed.Testing;
using Xunit.Abstractions;

namespace PaperFeed.Web.Tests;

/// <summary>
/// The data folder's disk full: the SQLite file, its write-ahead log, the search index and the mail pickup folder all
/// live on a tmpfs of a few megabytes (<see cref="SmallDisk"/>), filled up while the web server runs on it. Every write
/// then fails with one line that says so, the catalog stays whole, and once there is space again the same runs store
/// what they could not. It needs root to mount: under CI it fails without, elsewhere it says that it did not run.
/// SQLite only (the PostgreSQL copy of the web tests leaves it out: there the database is not in the data folder).
/// </summary>
public sealed class DataFolderFullTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Reader = "reader@example.org";
    private SmallDisk? _disk;
    private AppServer? _web;

    private static bool UnderCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task Every_write_to_a_full_data_folder_fails_with_one_line_the_catalog_stays_whole_and_the_next_run_stores_it()
    {
        _disk = SmallDisk.TryMount(megabytes: 4, out var whyNot);
        if (_disk is null)
        {
            Assert.False(UnderCi, $"CI runs as root so that this test can mount a tmpfs, and it cannot: {whyNot}");
            log.WriteLine($"NOT RUN: {whyNot}. Run the tests as root to fill a disk of its own.");
            return;
        }

        var data = _disk.Path;
        // Before: a stored day and a reader due for a digest.
        await using (var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:DataDirectory"] = data }))
        {
            await host.InScopeAsync(async sp =>
            {
                await sp.GetRequiredService<IngestionService>().IngestAsync(sp.GetRequiredService<HuggingFaceSource>(), new SourceQuery.Saved([Fixtures.HuggingFaceDay("2025-03-14")], null));
                var db = sp.GetRequiredService<PaperFeedDbContext>();
                db.Subscriptions.Add(Subscribers.Confirmed(Reader, DateTime.UtcNow, p => (p.TimeZone, p.MaxPapers) = ("UTC", 2)));
                await db.SaveChangesAsync();
            });
        }

        _web = await AppServer.StartAsync(data, new Dictionary<string, string> { ["Jobs__RunServer"] = "false" });
        using var browser = _web.Client();
        Assert.True(await SearchFindsAsync(browser, "planner", "/papers/2503.10480"), "the search index was never built\n" + _web.Output);

        // The disk fills up while a day is being stored (it writes about 125 KB to the write-ahead log). The frames it
        // rolled back are then reused by the digest run's rows (about 45 KB), but its message finds no block in the
        // pickup folder.
        _disk.Fill(leave: 88 * 1024);
        var ingest = await IngestAsync(data, "2025-06-17");
        var digests = await SendDigestsAsync(data);
        // And once not a block is left, not even in the log, neither a day nor a subscribe can be stored.
        _disk.Free();
        Checkpoint(data);
        _disk.Fill();
        var stillFull = await IngestAsync(data, "2025-06-17");
        using var subscribed = await SubscribeAsync(browser, "new@example.org");

        var full = $"error: the data folder {data} is full (0 bytes free): ";
        var output = string.Join("\n", new[] { ingest, digests, stillFull }.Select(r => $"exit {r.ExitCode}:\n{r.Stdout}{r.Stderr}"));
        log.WriteLine(output);
        Assert.All(new[] { ingest, digests, stillFull }, run => Assert.True(run.ExitCode == 1 && Lines(run.Stderr) is [var line] && line.StartsWith(full, StringComparison.Ordinal), output));
        Assert.Contains("SQLite Error 13: 'database or disk is full'", ingest.Stderr);
        Assert.Contains("No space left on device", digests.Stderr);
        // The person who subscribed meanwhile is told that it did not work, not that their form was wrong, and reading goes on.
        var page = await subscribed.Content.ReadAsStringAsync();
        Assert.True(subscribed.StatusCode == HttpStatusCode.InternalServerError && page.Contains("Something went wrong", StringComparison.Ordinal), $"{(int)subscribed.StatusCode}\n{page}");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/papers/date/2025-03-14")).StatusCode);

        // Nothing is broken or half-stored: the first day whole, none of the second, the digest waiting to be retried.
        _disk.Free();
        Assert.Equal("ok", Integrity(data));
        Assert.Equal((26L, 26L, 0L, 1L), (Scalar(data, "\"Papers\""), Count(data, "2025-03-14"), Count(data, "2025-06-17"), Scalar(data, "\"Subscriptions\"")));
        Assert.Equal(1L, Scalar(data, $"\"Deliveries\" WHERE \"Status\" = {(int)DeliveryStatus.RetryWait}"));
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "mail-pickup"))); // no half-written message (addresses and links) left behind

        // With space again, the same runs store what they could not.
        Assert.Equal(0, (await IngestAsync(data, "2025-06-17")).ExitCode);
        Assert.Equal(24L, Count(data, "2025-06-17"));
        Assert.True(await SearchFindsAsync(browser, "egocentric", "/papers/2506.13654"), "the search index did not take the new day\n" + _web.Output);
        var again = await SendDigestsAsync(data);
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Single(PickupFiles.ByFile(Path.Combine(data, "mail-pickup")).Values, Reader);
        using var resubscribed = await SubscribeAsync(browser, "new@example.org");
        Assert.Equal(HttpStatusCode.Redirect, resubscribed.StatusCode);
        await PickupFiles.WaitForAsync(Path.Combine(data, "mail-pickup"), 2); // its confirmation
        Assert.Equal("ok", Integrity(data));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await (_web?.DisposeAsync() ?? ValueTask.CompletedTask);
        SqliteConnection.ClearAllPools();
        _disk?.Dispose();
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> IngestAsync(string data, string day) =>
        AppProcess.RunAsync(data, new Dictionary<string, string>(), "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay(day));

    /// <summary>The digests, to the pickup folder in the data folder (the recorded days are older than a week on the real clock).</summary>
    private static Task<(int ExitCode, string Stdout, string Stderr)> SendDigestsAsync(string data) =>
        AppProcess.RunAsync(data, new Dictionary<string, string> { ["Digests__MaxEditionAgeDays"] = "100000" }, "digests", "send", "--now");

    private static Task<HttpResponseMessage> SubscribeAsync(HttpClient browser, string email) =>
        browser.PostAsync("/subscribe", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["timezone"] = "UTC" }));

    private static async Task<bool> SearchFindsAsync(HttpClient browser, string query, string link)
    {
        for (var tries = 0; tries < 150; tries++, await Task.Delay(200))
        {
            if ((await browser.GetStringAsync($"/search?q={query}")).Contains(link, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Integrity(string data) => (string)Sql(data, "PRAGMA integrity_check");

    /// <summary>Copies the write-ahead log into the database file and empties it, so that the next write needs a new block.</summary>
    private static void Checkpoint(string data)
    {
        // Busy (1) while the server reads for a moment.
        for (var tries = 0; Convert.ToInt64(Sql(data, "PRAGMA wal_checkpoint(TRUNCATE)"), CultureInfo.InvariantCulture) != 0; tries++)
        {
            Assert.True(tries < 100, "the write-ahead log could not be checkpointed");
            Thread.Sleep(50);
        }
    }

    private static object Sql(string data, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "paperfeed.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()!;
    }

    private static long Count(string data, string day) => Scalar(data, $"\"FeaturedEntries\" WHERE \"Date\" = '{day}'");

    private static long Scalar(string data, string rows) => TestDatabase.Scalar(data, $"SELECT COUNT(*) FROM {rows}");

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
