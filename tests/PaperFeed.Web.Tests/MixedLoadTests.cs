using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Testing;
using Xunit.Abstractions;

namespace PaperFeed.Web.Tests;

/// <summary>
/// Mixed traffic against the app's own process (80% day and week pages, 10% paper pages, 5% search, 5% the API, and a
/// subscribe a second) while ingestion commands change the day's votes again and again and a digest batch runs: no
/// request fails, every ingestion lands and is served at once, every subscriber gets one digest and every new address
/// one confirmation. Throughput, p50, p99 and the web process's resident memory are printed a window at a time: the
/// soak run (docs/RELIABILITY.md) runs it for ten minutes with PAPERFEED_LOAD_SECONDS=600 and records them. Speed is
/// not judged here (benchmarks report speed, tests do not): the figures are for the reader.
/// </summary>
public sealed class MixedLoadTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string Day = "2026-08-21";
    private static readonly int Seconds = DueReaders.Soak("PAPERFEED_LOAD_SECONDS", 30);
    private static readonly int Readers = DueReaders.Soak("PAPERFEED_LOAD_READERS", 100);
    private static readonly int Connections = DueReaders.Soak("PAPERFEED_LOAD_CONNECTIONS", 8);
    private DueReaders _readers = null!;

    public async Task InitializeAsync()
    {
        _readers = await DueReaders.PrepareAsync(Readers);
        foreach (var day in new[] { "2024-05-27", "2025-03-14", "2025-06-17", "2025-09-16" })
        {
            var import = await AppProcess.RunAsync(_readers.Data, new Dictionary<string, string>(), "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay(day));
            Assert.True(import.ExitCode == 0, import.Stderr);
        }
    }

    public async Task DisposeAsync() => await _readers.DisposeAsync();

    [Fact]
    public async Task Pages_ingestion_subscribes_and_a_digest_batch_at_once_fail_nothing_and_lose_nothing()
    {
        var environment = _readers.SendingEnvironment();
        await using var web = await AppServer.StartAsync(_readers.Data, new Dictionary<string, string>(environment)
        {
            ["Sources__HuggingFace__Enabled"] = "false",
            // One client asking many times a second: the per-client limits are not what this test is about.
            ["Api__RequestsPerMinute"] = "100000000",
            ["Api__PageRequestsPerMinute"] = "100000000",
            ["Api__SubscribeRequestsPerHour"] = "100000",
            ["Api__SubscribeMailsPerHour"] = "100000",
        });
        using var http = web.Client();
        var mix = await MixAsync(http);

        var load = new Load(TimeSpan.FromSeconds(Math.Max(5, Seconds / 10)), web.ProcessId);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(Seconds));
        var clients = Enumerable.Range(0, Connections).Select(i => ReadAsync(http, mix, new Random(i), load, stop.Token)).ToList();
        var subscribes = SubscribeAsync(http, load, stop.Token);
        var ingestion = IngestAgainAndAgainAsync(environment, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(Seconds / 3.0));
        var digests = await AppProcess.RunAsync(_readers.Data, environment, "digests", "send", "--now");
        await Task.WhenAll(clients);
        var addresses = await subscribes;
        var ingests = await ingestion;
        load.Close();

        foreach (var line in load.Table())
        {
            log.WriteLine(line);
        }

        log.WriteLine($"{ingests.Count} ingestion runs; digests send: {digests.Stdout.Split('\n').LastOrDefault(l => l.Length > 0)}");

        // No request failed, and the load really overlapped the writes.
        Assert.True(load.Failures.IsEmpty, string.Join('\n', load.Failures.Take(20)));
        Assert.True(load.Requests > Seconds * 10, $"only {load.Requests} requests in {Seconds} s");
        Assert.True(ingests.Count >= 2, $"only {ingests.Count} ingestion runs overlapped the load");
        Assert.All(ingests, run => Assert.True(run.ExitCode == 0, run.Stderr));
        Assert.True(digests.ExitCode == 0, digests.Stdout + digests.Stderr);

        // The last ingestion is what the API serves now (a cached answer never outlives a change made by another process).
        var served = JsonNode.Parse(await http.GetStringAsync($"/api/daily_papers?date={Day}&limit=100"))!.AsArray();
        var ingested = ingests[^1].Votes;
        Assert.All(served, e => Assert.Equal(ingested[e!["paper"]!["id"]!.GetValue<string>()], e!["paper"]!["upvotes"]!.GetValue<int>()));

        // Every subscriber got one digest, and every address typed into the form one confirmation (sent by the web process).
        await _readers.Smtp.WaitForAsync(Readers + addresses.Count, TimeSpan.FromSeconds(60));
        Assert.All(Enumerable.Range(1, Readers), i => Assert.Single(_readers.Smtp.To($"reader{i}@example.org")));
        Assert.All(addresses, a => Assert.Single(_readers.Smtp.To(a)));
        var pending = await InDatabaseAsync(db => db.Subscriptions.CountAsync(s => s.Status == SubscriptionStatus.Pending));
        Assert.Equal(addresses.Count, pending);

        Assert.DoesNotContain("database is locked", web.Output, StringComparison.OrdinalIgnoreCase);
        Assert.All(ingests, run => Assert.DoesNotContain("database is locked", run.Stderr, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The addresses read: the days, their weeks, each paper, searches and the API.</summary>
    private static async Task<(string[] Lists, string[] Papers, string[] Searches, string[] Api)> MixAsync(HttpClient http)
    {
        var days = new[] { "2024-05-27", "2025-03-14", "2025-06-17", "2025-09-16", Day };
        var ids = new List<string>();
        foreach (var day in days)
        {
            var entries = JsonNode.Parse(await http.GetStringAsync($"/api/daily_papers?date={day}&limit=100"))!.AsArray();
            ids.AddRange(entries.Select(e => e!["paper"]!["id"]!.GetValue<string>()));
        }

        string Week(string day)
        {
            var date = DateTime.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return $"/papers/week/{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}";
        }

        string[] words = ["language models", "diffusion", "agents", "reasoning", "vision", "robot", "benchmark", "video generation"];
        return (
            [.. days.Select(d => $"/papers/date/{d}"), .. days.Select(Week), "/"],
            [.. ids.Select(id => $"/papers/{id}")],
            [.. words.Select(w => $"/search?q={Uri.EscapeDataString(w)}")],
            [.. days.Select(d => $"/api/daily_papers?date={d}"), .. words.Select(w => $"/api/papers/search?q={Uri.EscapeDataString(w)}")]);
    }

    private static async Task ReadAsync(HttpClient http, (string[] Lists, string[] Papers, string[] Searches, string[] Api) mix, Random random, Load load, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var roll = random.Next(100);
            var pick = roll < 80 ? mix.Lists : roll < 90 ? mix.Papers : roll < 95 ? mix.Searches : mix.Api;
            var path = pick[random.Next(pick.Length)];
            await load.TimeAsync($"GET {path}", () => http.GetAsync(path, HttpCompletionOption.ResponseContentRead, CancellationToken.None), HttpStatusCode.OK);
        }
    }

    /// <summary>One new address a second through the subscribe form; returns the addresses.</summary>
    private static async Task<List<string>> SubscribeAsync(HttpClient http, Load load, CancellationToken stop)
    {
        var addresses = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            var address = $"newcomer{addresses.Count + 1}@example.org";
            var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = address, ["timezone"] = "Europe/Berlin" });
            await load.TimeAsync($"POST /subscribe {address}", () => http.PostAsync("/subscribe", form, CancellationToken.None), HttpStatusCode.Found); // to "check your inbox"
            addresses.Add(address);
            await Task.Delay(1000, CancellationToken.None);
        }

        return addresses;
    }

    /// <summary>The recorded day again and again, each time with every vote raised by one, by the <c>ingest</c> command.</summary>
    private async Task<List<(int ExitCode, string Stderr, Dictionary<string, int> Votes)>> IngestAgainAndAgainAsync(Dictionary<string, string> environment, CancellationToken stop)
    {
        var runs = new List<(int, string, Dictionary<string, int>)>();
        var day = JsonNode.Parse(await File.ReadAllTextAsync(Fixtures.HuggingFaceDay(Day), CancellationToken.None))!.AsArray();
        var file = Path.Combine(TestHost.NewDataDirectory(), $"{Day}.json");
        while (!stop.IsCancellationRequested)
        {
            foreach (var entry in day)
            {
                entry!["paper"]!["upvotes"] = entry["paper"]!["upvotes"]!.GetValue<int>() + 1;
            }

            await File.WriteAllTextAsync(file, day.ToJsonString(), CancellationToken.None);
            var votes = day.ToDictionary(e => e!["paper"]!["id"]!.GetValue<string>(), e => e!["paper"]!["upvotes"]!.GetValue<int>());
            var run = await AppProcess.RunAsync(_readers.Data, environment, "ingest", "huggingface", "--file", file);
            runs.Add((run.ExitCode, run.Stderr, votes));
            await Task.Delay(500, CancellationToken.None);
        }

        return runs;
    }

    private async Task<T> InDatabaseAsync<T>(Func<PaperFeedDbContext, Task<T>> query)
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:DataDirectory"] = _readers.Data });
        return await host.QueryAsync(query);
    }

    /// <summary>Every request's outcome and time, by window, with the web process's resident memory at each window's end.</summary>
    private sealed class Load(TimeSpan window, int web)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(int Window, double Ms)> _times = [];
        private readonly List<double> _memory = [];

        public System.Collections.Concurrent.ConcurrentQueue<string> Failures { get; } = new();

        public int Requests
        {
            get
            {
                lock (_times)
                {
                    return _times.Count;
                }
            }
        }

        public async Task TimeAsync(string what, Func<Task<HttpResponseMessage>> request, params HttpStatusCode[] expected)
        {
            var started = _clock.Elapsed;
            try
            {
                using var response = await request();
                if (!expected.Contains(response.StatusCode))
                {
                    Failures.Enqueue($"{what}: {(int)response.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Failures.Enqueue($"{what}: {e.GetType().Name}: {e.Message}");
            }

            var number = (int)(started / window);
            lock (_times)
            {
                _times.Add((number, (_clock.Elapsed - started).TotalMilliseconds));
                while (_memory.Count <= number)
                {
                    _memory.Add(ResidentMegabytes(web));
                }
            }
        }

        public void Close()
        {
            lock (_times)
            {
                _memory.Add(ResidentMegabytes(web));
            }
        }

        public IEnumerable<string> Table()
        {
            yield return $"window ({window.TotalSeconds:0} s) | requests/s | p50 ms | p99 ms | resident MB at its end";
            foreach (var group in _times.GroupBy(t => t.Window).OrderBy(g => g.Key))
            {
                var sorted = group.Select(t => t.Ms).Order().ToList();
                var share = (double)sorted.Count / window.TotalSeconds;
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"{group.Key + 1} | {share:0} | {sorted[sorted.Count / 2]:0.0} | {sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.99))]:0.0} | {_memory[Math.Min(_memory.Count - 1, group.Key + 1)]:0}");
            }
        }

        private static double ResidentMegabytes(int process)
        {
            try
            {
                var line = File.ReadLines($"/proc/{process}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
            catch (IOException)
            {
                return double.NaN; // exited
            }
        }
    }
}
