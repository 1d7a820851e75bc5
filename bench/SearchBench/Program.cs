using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Search;

// Search benchmark (not a test): `generate` builds a synthetic catalog whose words follow the distribution of the
// real recorded abstracts; `measure` times searches through the app's HTTP endpoint. See docs/benchmarks.md.
return args switch
{
    ["generate", "--papers", var count, "--data", var data] => await Generate(int.Parse(count, CultureInfo.InvariantCulture), data),
    ["measure", "--url", var url, "--rounds", var rounds] => await Measure(url, int.Parse(rounds, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate --papers N --data DIR | measure --url http://127.0.0.1:PORT --rounds N");
    return 2;
}

static async Task<int> Generate(int count, string data)
{
    var samples = Path.Combine(Repository(), "samples", "hf-daily-papers");
    var real = Directory.EnumerateFiles(samples, "*.json")
        .SelectMany(f => DailyPapersParser.Parse(File.ReadAllBytes(f), new DateOnly(2025, 1, 1)).Entries)
        .Select(e => e.Paper)
        .DistinctBy(p => p.ArxivId)
        .ToList();
    var words = real.SelectMany(p => Regex.Matches(p.Title + " " + p.Abstract, @"[\p{L}\p{N}][\p{L}\p{N}\-']*").Select(m => m.Value)).ToArray();
    var titleWords = real.SelectMany(p => Regex.Matches(p.Title, @"[\p{L}\p{N}][\p{L}\p{N}\-']*").Select(m => m.Value)).ToArray();
    var authors = real.SelectMany(p => p.Authors).Distinct().ToArray();
    Console.WriteLine($"{real.Count} real papers, {words.Length} words ({words.Distinct(StringComparer.OrdinalIgnoreCase).Count()} distinct), {authors.Length} authors");

    // The app's own schema, migrations and search triggers.
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["App:DataDirectory"] = data });
    builder.Services.AddInfrastructure(builder.Configuration, builder.Environment);
    using var host = builder.Build();
    await using (var scope = host.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
    }

    var random = new Random(20261126);
    var started = Stopwatch.StartNew();
    await using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "paperfeed.db")}");
    await connection.OpenAsync();
    await Execute(connection, "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL; DROP TRIGGER IF EXISTS Papers_SearchInsert;");
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
            paper.Parameters["$title"].Value = Sentence(random, titleWords, random.Next(6, 15));
            paper.Parameters["$abstract"].Value = Sentence(random, words, random.Next(120, 260));
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

    Console.WriteLine("Building the search index…");
    await using (var scope = host.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<PaperSearch>().RebuildAsync(CancellationToken.None);
    }

    await Execute(connection, "INSERT INTO PaperSearch(PaperSearch) VALUES ('optimize');");
    // Put the trigger back exactly as the migration defines it, so that the catalog behaves as the app's.
    await Execute(connection, """
        CREATE TRIGGER Papers_SearchInsert AFTER INSERT ON Papers BEGIN
            INSERT INTO PaperSearch(rowid, Title, Abstract, Authors, Keywords)
            VALUES (new.Id, new.Title, new.Abstract,
                    (SELECT group_concat(value, ', ') FROM json_each(new.Authors)), (SELECT group_concat(value, ', ') FROM json_each(new.Keywords)));
        END;
        """);
    Console.WriteLine($"Done in {started.Elapsed.TotalMinutes:0.0} min: {new FileInfo(Path.Combine(data, "paperfeed.db")).Length / 1e9:0.00} GB");
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
    var all = new List<double>();
    Console.WriteLine($"{"query",-34} {"matches",9} {"median ms",10} {"p95 ms",8}");
    foreach (var query in queries)
    {
        var path = $"/api/papers/search?q={Uri.EscapeDataString(query)}";
        (await http.GetAsync(path)).EnsureSuccessStatusCode(); // warm up
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
