using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Search;

// Search benchmark (not a test): `generate` builds a synthetic catalog from the real recorded papers; `measure` times
// searches through the app's HTTP endpoint. See docs/benchmarks.md.
//   --corpus realistic (default): each paper is a real abstract and title (1,504 arXiv RSS items and the Hugging Face
//     samples) with one word in ten replaced by a random word of the corpus, so words co-occur as in real papers.
//   --corpus independent: every word drawn independently from the corpus's word counts (common words then match far
//     more papers than in real text: the harsher test).
return args switch
{
    ["generate", "--papers", var count, "--data", var data] => await Generate(int.Parse(count, CultureInfo.InvariantCulture), data, "realistic"),
    ["generate", "--papers", var count, "--data", var data, "--corpus", var corpus and ("realistic" or "independent")] =>
        await Generate(int.Parse(count, CultureInfo.InvariantCulture), data, corpus),
    ["measure", "--url", var url, "--rounds", var rounds] => await Measure(url, int.Parse(rounds, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate --papers N --data DIR [--corpus realistic|independent] | measure --url http://127.0.0.1:PORT --rounds N");
    return 2;
}

static async Task<int> Generate(int count, string data, string corpus)
{
    var samples = Path.Combine(Repository(), "samples", "hf-daily-papers");
    var hf = Directory.EnumerateFiles(samples, "*.json")
        .SelectMany(f => DailyPapersParser.Parse(File.ReadAllBytes(f), new DateOnly(2025, 1, 1)).Entries)
        .Select(e => (e.Paper.Title, e.Paper.Abstract, e.Paper.Authors));
    await using var rssFile = File.OpenRead(Path.Combine(Repository(), "tests", "testdata", "arxiv-rss", "2024-11-28_all-archives.rss.xml"));
    var rss = ArxivRssParser.Parse(rssFile).Entries.Select(e => e.ToRecord()).Select(p => (p.Title, p.Abstract, p.Authors));
    var real = hf.Concat(rss).DistinctBy(p => p.Title).ToList();
    var words = real.SelectMany(p => WordsOf(p.Title + " " + p.Abstract)).ToArray();
    var titleWords = real.SelectMany(p => WordsOf(p.Title)).ToArray();
    var authors = real.SelectMany(p => p.Authors).Distinct().ToArray();
    Console.WriteLine($"{real.Count} real papers, {words.Length} words ({words.Distinct(StringComparer.OrdinalIgnoreCase).Count()} distinct), {authors.Length} authors");

    // The app's own schema, migrations and search triggers.
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["App:DataDirectory"] = data });
    builder.Services.AddInfrastructure(builder.Configuration, new DataPaths(builder.Configuration, builder.Environment));
    using var host = builder.Build();
    await using (var scope = host.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
    }

    var random = new Random(20261126);
    var started = Stopwatch.StartNew();
    await using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "paperfeed.db")}");
    await connection.OpenAsync();
    await Execute(connection, "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;");
    var day0 = new DateOnly(2023, 1, 2);
    const int batch = 20_000;
    for (var done = 0; done < count; done += batch)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var paper = connection.CreateCommand();
        paper.Transaction = transaction;
        paper.CommandText = "INSERT INTO Papers (Id, ArxivId, Title, Abstract, Authors, Keywords, PublishedAt, FirstSeenAt, UpdatedAt) VALUES ($id, $arxiv, $title, $abstract, $authors, '[]', $at, $at, $at)";
        var featured = connection.CreateCommand();
        featured.Transaction = transaction;
        featured.CommandText = "INSERT INTO FeaturedEntries (PaperId, Source, Date, Upvotes, Comments, UpdatedAt) VALUES ($id, 'huggingface', $date, $upvotes, 0, $at)";
        foreach (var name in new[] { "$id", "$arxiv", "$title", "$abstract", "$authors", "$at" })
        {
            paper.Parameters.Add(new SqliteParameter(name, null));
        }

        foreach (var name in new[] { "$id", "$date", "$upvotes", "$at" })
        {
            featured.Parameters.Add(new SqliteParameter(name, null));
        }

        for (var i = done; i < Math.Min(count, done + batch); i++)
        {
            var id = i + 1;
            var day = day0.AddDays(i / 40);
            var at = day.ToDateTime(new TimeOnly(8, 0)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            paper.Parameters["$id"].Value = id;
            paper.Parameters["$arxiv"].Value = string.Create(CultureInfo.InvariantCulture, $"99{i / 100000:00}.{i % 100000:00000}"); // new ids, never real ones
            if (corpus == "realistic")
            {
                var template = real[random.Next(real.Count)];
                paper.Parameters["$title"].Value = Varied(random, WordsOf(template.Title), titleWords);
                paper.Parameters["$abstract"].Value = Varied(random, WordsOf(template.Abstract), words);
            }
            else
            {
                paper.Parameters["$title"].Value = Sentence(random, titleWords, random.Next(6, 15));
                paper.Parameters["$abstract"].Value = Sentence(random, words, random.Next(120, 260));
            }

            paper.Parameters["$authors"].Value = JsonSerializer.Serialize(Enumerable.Range(0, random.Next(2, 9)).Select(_ => authors[random.Next(authors.Length)]).ToArray());
            paper.Parameters["$at"].Value = at;
            await paper.ExecuteNonQueryAsync();
            featured.Parameters["$id"].Value = id;
            featured.Parameters["$date"].Value = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            featured.Parameters["$upvotes"].Value = (int)Math.Floor(Math.Pow(random.NextDouble(), 4) * 300);
            featured.Parameters["$at"].Value = at;
            await featured.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        Console.WriteLine($"  {Math.Min(count, done + batch):N0} papers, {started.Elapsed.TotalSeconds:0} s");
    }

    // The app builds its index from the papers themselves; the change log of this bulk insert is not needed.
    await Execute(connection, "DELETE FROM SearchChanges;");
    Console.WriteLine("Indexing the authors for author pages…");
    await using (var scope = host.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<PaperFeedDbContext>();
        await db.DataSteps.ExecuteDeleteAsync(); // the bulk insert bypassed the app's writer: fill in as for an old catalog
        await AuthorRows.FillInAsync(db, NullLogger.Instance, CancellationToken.None);
    }

    Console.WriteLine("Building the search index…");
    var indexed = await host.Services.GetRequiredService<SearchIndex>().RebuildAsync(
        new Progress<int>(n => { if (n % 100_000 == 0) { Console.WriteLine($"  {n:N0} papers indexed, {started.Elapsed.TotalSeconds:0} s"); } }), CancellationToken.None);
    host.Services.GetRequiredService<SearchIndex>().Dispose();
    var index = new DirectoryInfo(Path.Combine(data, "search-index")).EnumerateFiles().Sum(f => f.Length);
    Console.WriteLine($"Done in {started.Elapsed.TotalMinutes:0.0} min: {indexed:N0} papers; database {new FileInfo(Path.Combine(data, "paperfeed.db")).Length / 1e9:0.00} GB, search index {index / 1e9:0.00} GB");
    return 0;
}

static async Task<int> Measure(string url, int rounds)
{
    string[] queries =
    [
        "planner", "reinforcement learning", "diffusion", "language models", "graph neural", "\"vision language\"",
        "transformer*", "benchmark agents", "retrieval augmented generation", "quantization",
    ];
    using var http = new HttpClient { BaseAddress = new Uri(url) };
    // Steady state, not start-up: every query five times before anything is timed (JIT, page cache).
    for (var i = 0; i < 5; i++)
    {
        foreach (var query in queries)
        {
            (await http.GetAsync($"/api/papers/search?q={Uri.EscapeDataString(query)}")).EnsureSuccessStatusCode();
        }
    }

    var all = new List<double>();
    Console.WriteLine($"{"query",-34} {"matches",9} {"median ms",10} {"p95 ms",8}");
    foreach (var query in queries)
    {
        var path = $"/api/papers/search?q={Uri.EscapeDataString(query)}";
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }

        times.Sort();
        all.AddRange(times);
        var total = await CountAsync(http, query);
        Console.WriteLine($"{query,-34} {total,9} {Percentile(times, 50),10:0.0} {Percentile(times, 95),8:0.0}");
    }

    all.Sort();
    Console.WriteLine($"{"all queries",-34} {"",9} {Percentile(all, 50),10:0.0} {Percentile(all, 95),8:0.0}");
    return 0;
}

static async Task<string> CountAsync(HttpClient http, string query)
{
    var page = await http.GetStringAsync($"/search?q={Uri.EscapeDataString(query)}");
    var match = Regex.Match(page, @"(\d+) papers? match");
    return match.Success ? match.Groups[1].Value : "0";
}

static double Percentile(List<double> sorted, int percent) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];

static string Sentence(Random random, string[] words, int length)
{
    var text = new StringBuilder();
    for (var i = 0; i < length; i++)
    {
        text.Append(i == 0 ? "" : " ").Append(words[random.Next(words.Length)]);
    }

    return text.ToString();
}

static string[] WordsOf(string text) => [.. Regex.Matches(text, @"[\p{L}\p{N}][\p{L}\p{N}\-']*").Select(m => m.Value)];

// The template's words, one in ten replaced by a random word of the corpus.
static string Varied(Random random, string[] template, string[] words) =>
    string.Join(' ', template.Select(w => random.Next(10) == 0 ? words[random.Next(words.Length)] : w));

static string Repository()
{
    var folder = new DirectoryInfo(AppContext.BaseDirectory);
    while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PaperFeed.sln")))
    {
        folder = folder.Parent;
    }

    return folder?.FullName ?? throw new InvalidOperationException("PaperFeed.sln not found");
}

static async Task Execute(SqliteConnection connection, string sql)
{
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.CommandTimeout = 0;
    await command.ExecuteNonQueryAsync();
}
