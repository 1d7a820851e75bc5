using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperFeed.Bench;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Search;

// Recommendation benchmark (not a test); docs/RECOMMENDATIONS.md has the figures.
//   quality: the recorded arXiv feed (1,504 papers, every one with categories) is stored through the app's ingestion
//     into a fresh catalog and indexed by the app's search index; for each paper, the share of its top-5 similar papers
//     (the app's SimilarPapers) whose primary category is its own, beside 5 papers drawn at random and beside
//     arxiv-sanity-lite's tf-idf + exemplar linear SVM.
//   foryou: simulated subscribers who saved 10 papers of one primary category of that feed; precision@10 of their
//     "for you" ranking (the app's InterestModel and DigestSelector) on held-back papers, beside votes drawn at random
//     and random; ForYou.cs.
//   plan: what "for you" costs a digest run: N subscribers (10,000) choose from one edition with their own models; PlanCost.cs.
//   cost: times the app's similar-papers query for random papers of a catalog made by `SearchBench generate`.
return args switch
{
    ["quality"] => await Quality(),
    ["foryou"] => ForYou.Run(Feed(), 5),
    ["foryou", "--draws", var draws] => ForYou.Run(Feed(), int.Parse(draws, CultureInfo.InvariantCulture)),
    ["plan", .. var options] when PlanOptions(options) is { } plan => PlanCost.Run(Feed(), plan.Subscribers, plan.Rounds),
    ["cost", "--data", var data] => await Cost(data, 1_000),
    ["cost", "--data", var data, "--queries", var queries] => await Cost(data, int.Parse(queries, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: quality | foryou [--draws N] | plan [--subscribers N] [--rounds N] | cost --data DIR [--queries N]");
    return 2;
}

// plan's options: --subscribers N (10,000) and --rounds N (3), in any order; null when they do not parse.
static (int Subscribers, int Rounds)? PlanOptions(string[] options)
{
    var (subscribers, rounds) = (10_000, 3);
    for (var i = 0; i < options.Length; i += 2)
    {
        if (i + 1 >= options.Length || !int.TryParse(options[i + 1], CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            return null;
        }

        switch (options[i])
        {
            case "--subscribers": subscribers = value; break;
            case "--rounds": rounds = value; break;
            default: return null;
        }
    }

    return (subscribers, rounds);
}

static async Task<int> Quality()
{
    const int top = 5;
    await using var rss = File.OpenRead(Feed());
    var entries = ArxivRssParser.Parse(rss).Entries.DistinctBy(e => e.Paper.ArxivId).ToList();
    var primary = entries.ToDictionary(e => e.Paper.ArxivId, e => e.PrimaryCategory!);
    var categories = entries.ToDictionary(e => e.Paper.ArxivId, e => e.Categories);
    var ids = entries.Select(e => e.Paper.ArxivId).ToList();
    Console.WriteLine($"{entries.Count:N0} papers in {primary.Values.Distinct().Count()} primary categories");

    // Ours: the app's catalog, search index and similar-papers query, on a fresh data directory.
    var data = Directory.CreateTempSubdirectory("paperfeed-recommend-").FullName;
    List<List<string>> ours;
    var timings = new List<double>();
    using (var host = await OpenAsync(data))
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IngestionService>().StoreAsync(
                new IngestionUnit { Papers = [.. entries.Select(e => e.ToRecord())], Origin = "the recorded arXiv feed" }, CancellationToken.None);
        }

        await host.Services.GetRequiredService<SearchIndex>().UpdateAsync(null, CancellationToken.None);
        ours = [];
        foreach (var id in ids)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            var similar = await scope.ServiceProvider.GetRequiredService<SimilarPapers>().FindAsync(id, top, CancellationToken.None);
            timings.Add(watch.Elapsed.TotalMilliseconds);
            ours.Add([.. similar!.Papers.Select(p => p.ArxivId)]);
        }

        host.Services.GetRequiredService<SearchIndex>().Dispose();
    }

    Directory.Delete(data, recursive: true);

    // Random: five other papers, drawn with a fixed seed.
    var random = new Random(1504);
    var drawn = ids.Select((id, i) => Enumerable.Range(0, ids.Count).Where(j => j != i).OrderBy(_ => random.Next()).Take(top).Select(j => ids[j]).ToList()).ToList();
    var expected = ids.Average(id => (primary.Values.Count(p => p == primary[id]) - 1.0) / (ids.Count - 1));
    var ceiling = ids.Average(id => Math.Min(top, primary.Values.Count(p => p == primary[id]) - 1.0) / top);

    // arxiv-sanity-lite: tf-idf of title, abstract and authors; a linear SVM per paper with it as the only positive.
    // Lucene's English stop words (33, the app's own dependency) stand in for scikit-learn's longer list.
    var stopWords = Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet.Select(w => w.ToString()!).ToHashSet(StringComparer.Ordinal);
    var watchSvm = Stopwatch.StartNew();
    var records = entries.Select(e => e.ToRecord()).ToList();
    var (x, features) = TfIdfVectorizer.FitTransform([.. records.Select(r => string.Join(' ', r.Title, r.Abstract, string.Join(' ', r.Authors)))], stopWords);
    var svm = new List<string>[ids.Count];
    Parallel.For(0, ids.Count, i =>
    {
        var scores = ExemplarSvm.Scores(x, features, i, new Random(i));
        svm[i] = [.. Enumerable.Range(0, ids.Count).Where(j => j != i).OrderByDescending(j => scores[j]).Take(top).Select(j => ids[j])];
    });
    var svmSeconds = watchSvm.Elapsed.TotalSeconds;

    double Share(IReadOnlyList<List<string>> lists, Func<string, string, bool> hit) =>
        ids.Select((id, i) => lists[i].Count(other => hit(id, other))).Sum() / (double)(ids.Count * top);
    bool SamePrimary(string id, string other) => primary[other] == primary[id];
    bool SameArchive(string id, string other) => Archive(primary[other]) == Archive(primary[id]);
    bool ListedIn(string id, string other) => categories[other].Contains(primary[id]);
    timings.Sort();

    Console.WriteLine();
    Console.WriteLine($"| ranking (top {top} of {ids.Count:N0} papers) | same primary category | listed in the paper's primary category | same archive | time |");
    Console.WriteLine("|---|---|---|---|---|");
    Console.WriteLine($"| random (5 other papers; expected {expected:0.000}) | {Share(drawn, SamePrimary):0.000} | {Share(drawn, ListedIn):0.000} | {Share(drawn, SameArchive):0.000} | |");
    Console.WriteLine($"| tf-idf + linear SVM per paper (arxiv-sanity-lite; {features:N0} features) | {Share(svm, SamePrimary):0.000} | {Share(svm, ListedIn):0.000} | {Share(svm, SameArchive):0.000} | {svmSeconds:0} s for all, {Environment.ProcessorCount} threads |");
    Console.WriteLine($"| PaperFeed's similar papers (MoreLikeThis on the search index) | {Share(ours, SamePrimary):0.000} | {Share(ours, ListedIn):0.000} | {Share(ours, SameArchive):0.000} | median {Percentile(timings, 50):0.0} ms a paper |");
    Console.WriteLine($"| the best any ranking could do (every paper of the category first) | {ceiling:0.000} | | | |");
    Console.WriteLine($"Papers with fewer than {top} similar papers (ours): {ours.Count(l => l.Count < top)}.");
    return 0;
}

static async Task<int> Cost(string data, int queries)
{
    using var host = await OpenAsync(data);
    List<string> ids;
    int papers;
    await using (var scope = host.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<PaperFeedDbContext>();
        papers = await db.Papers.CountAsync();
        ids = await db.Papers.OrderBy(p => EF.Functions.Random()).Select(p => p.ArxivId).Take(queries + 50).ToListAsync();
    }

    Console.WriteLine($"{papers:N0} papers; {queries:N0} similar-papers queries of {SimilarPapers.Count} papers each, one after another, after 50 to warm up");
    var times = new List<double>();
    var found = 0;
    var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    var cpu = TimeSpan.Zero;
    foreach (var (id, i) in ids.Select((id, i) => (id, i)))
    {
        await using var scope = host.Services.CreateAsyncScope();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var similar = await scope.ServiceProvider.GetRequiredService<SimilarPapers>().FindAsync(id, SimilarPapers.Count, CancellationToken.None);
        if (i >= 50)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            found += similar!.Papers.Count;
        }
    }

    host.Services.GetRequiredService<SearchIndex>().Dispose();
    times.Sort();
    // The machine's load average says how much the wall-clock figures waited for a core; the CPU time does not wait.
    Console.WriteLine($"| catalog | queries | median ms | p95 ms | p99 ms | CPU ms a query | papers found a query | load average (start, end) |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    Console.WriteLine($"| {papers:N0} papers | {times.Count:N0} | {Percentile(times, 50):0.0} | {Percentile(times, 95):0.0} | {Percentile(times, 99):0.0} | {cpu.TotalMilliseconds / times.Count:0.0} | {found / (double)times.Count:0.0} | {load}, {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?")} |");
    return 0;
}

// The app's infrastructure on DIR (SQLite), as the app wires it, with its schema; its background services do not run.
static async Task<IHost> OpenAsync(string data)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["App:DataDirectory"] = data });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddInfrastructure(builder.Configuration, new DataPaths(builder.Configuration, builder.Environment));
    var host = builder.Build();
    await using var scope = host.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
    return host;
}

// The archive of a category: cs of cs.CL, astro-ph of astro-ph.GA, quant-ph of quant-ph.
static string Archive(string category) => category.Split('.')[0];

static double Percentile(List<double> sorted, int percent) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];

static string Feed() => Path.Combine(Repository(), "tests", "testdata", "arxiv-rss", "2024-11-28_all-archives.rss.xml");

static string Repository()
{
    var folder = new DirectoryInfo(AppContext.BaseDirectory);
    while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PaperFeed.sln")))
    {
        folder = folder.Parent;
    }

    return folder?.FullName ?? throw new InvalidOperationException("PaperFeed.sln not found");
}
