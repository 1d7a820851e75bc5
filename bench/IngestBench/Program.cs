using PaperFeed.Core.Ingestion;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources.Arxiv;

// Ingestion benchmark (not a test): parses the recorded arXiv RSS feed of 2024-11-28 (1,504 items, 2.8 MB) and stores
// it through the app's own ingestion path into a fresh SQLite catalog, then again into the same catalog (nothing new).
// See docs/benchmarks.md.
var rounds = args is ["--rounds", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 10;
var feedPath = Path.Combine(Repository(), "tests", "testdata", "arxiv-rss", "2024-11-28_all-archives.rss.xml");
var bytes = await File.ReadAllBytesAsync(feedPath);
Console.WriteLine($"{Path.GetFileName(feedPath)}: {bytes.Length / 1e6:0.0} MB, {rounds} rounds");

// Parsing alone.
var parse = new List<double>();
var allocated = new List<double>();
ArxivFeed feed = null!;
for (var i = 0; i < rounds + 2; i++)
{
    var before = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    feed = ArxivRssParser.Parse(new MemoryStream(bytes));
    if (i >= 2) // the first two warm up
    {
        parse.Add(watch.Elapsed.TotalMilliseconds);
        allocated.Add((GC.GetAllocatedBytesForCurrentThread() - before) / 1e6);
    }
}

Console.WriteLine($"parse: {feed.Entries.Count} items, median {Median(parse):0.0} ms, {Median(allocated):0.0} MB allocated per parse");

// Storing: each round into a new catalog (every paper new), then the same announcement again (nothing changes).
var first = new List<double>();
var again = new List<double>();
var stored = 0;
for (var i = -1; i < rounds; i++) // round -1 warms up (EF's model, the JIT) and is not counted
{
    var data = Path.Combine(Path.GetTempPath(), $"paperfeed-ingestbench-{Guid.NewGuid():N}");
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["App:DataDirectory"] = data });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddInfrastructure(builder.Configuration, new DataPaths(builder.Configuration, builder.Environment));
    using (var host = builder.Build())
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        }

        foreach (var times in new[] { first, again })
        {
            await using var scope = host.Services.CreateAsyncScope();
            var ingestion = scope.ServiceProvider.GetRequiredService<IngestionService>();
            var watch = Stopwatch.StartNew();
            var days = (await ingestion.RunAsync(new RecordedFeed(bytes), new SourceQuery.Categories(["cs.CL"]), progress: null, CancellationToken.None)).ThrowIfFailed().Stored;
            if (i >= 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            stored = days.Sum(d => d.Entries);
        }
    }

    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(data, recursive: true);
}

Console.WriteLine($"parse and store, new catalog: {stored} entries listed, median {Median(first):0} ms (min {first.Min():0}, max {first.Max():0})");
Console.WriteLine($"parse and store again, nothing new: median {Median(again):0} ms (min {again.Min():0}, max {again.Max():0})");
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
return 0;

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static string Repository()
{
    var folder = new DirectoryInfo(AppContext.BaseDirectory);
    while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PaperFeed.sln")))
    {
        folder = folder.Parent;
    }

    return folder?.FullName ?? throw new InvalidOperationException("PaperFeed.sln not found");
}

/// <summary>The recorded feed, read as the RSS source reads a response (no HTTP: this measures parsing and storing).</summary>
internal sealed class RecordedFeed(byte[] bytes) : ArxivAnnouncementSource(Microsoft.Extensions.Options.Options.Create(new ArxivOptions()))
{
    public override string Name => "recorded";

    public override string Section => "none";

    public override SourceSchedule Schedule => new();

    protected override Task<ArxivAnnouncement> FetchAnnouncementAsync(PaperFeed.Core.Listing.ListKey list, CancellationToken cancellationToken) =>
        Task.FromResult(ArxivRssSource.Announcement(ArxivRssParser.Parse(new MemoryStream(bytes))));
}
