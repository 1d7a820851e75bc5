using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

// Pages benchmark (not a test; docs/PERFORMANCE.md). `run` starts the app's executable on a data directory (importing
// the recorded Hugging Face days when it holds no catalog), times its start-up to the first served page, fetches each
// measured page once, serves those same bytes from memory in a second process (`ceiling`: the best this Kestrel on
// this machine can do for that response), and runs wrk against the app and the ceiling in turn, round after round,
// so that both see the same machine. It prints one table row per page: requests per second, p50 and p99, and the
// ratio to the ceiling; and the app's resident memory after warm-up and after the load.
if (args is ["ceiling", "--port", var port, "--pages", var pages])
{
    return await Ceiling.RunAsync(int.Parse(port, CultureInfo.InvariantCulture), pages);
}

if (args is ["run", .. var rest])
{
    var (run, error) = RunOptions.Parse(rest);
    return error is null ? await Bench.RunAsync(run) : Usage(error);
}

return Usage(null);

static int Usage(string? error)
{
    if (error is not null)
    {
        Console.Error.WriteLine($"error: {error}");
    }

    Console.Error.WriteLine("""
        usage: PageBench run --data DIR [--app PaperFeed.Web.dll] [--postgres CONNECTION_STRING] [--catalog LABEL]
                             [--seconds 8] [--connections 32] [--rounds 3] [--markdown FILE] [--index rebuild|keep]
          --data        the app's data directory; the recorded Hugging Face days are imported when it has no catalog
          --app         the app's executable (default: src/Web/bin/Release/net10.0/publish/PaperFeed.Web.dll, made by
                        `dotnet publish -c Release src/Web`; a build output lacks the static files Production serves)
          --postgres    run the app on PostgreSQL (a connection string naming a database) instead of SQLite
          --catalog     how the catalog is described in the table (default: counted from the API)
          --markdown    append the table to FILE as well
          --index       rebuild (default: the first start-up is timed without a search index) or keep (both with
                        the data directory's index; a million papers take minutes to index)
        """);
    return 2;
}

/// <summary>The options of <c>run</c>.</summary>
internal sealed record RunOptions(string Data, string App, string? Postgres, string? Catalog, int Seconds, int Connections, int Rounds, string? Markdown)
{
    /// <summary><c>--index keep</c>: start with the data directory's search index instead of timing a start without one.</summary>
    public bool KeepIndex { get; init; }

    public static (RunOptions Options, string? Error) Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return (null!, $"'{args[i]}' is not an option with a value");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var unknown = values.Keys.Except(["data", "app", "postgres", "catalog", "seconds", "connections", "rounds", "markdown", "index"]).FirstOrDefault();
        int Number(string key, int fallback) => values.TryGetValue(key, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
        var options = new RunOptions(
            values.GetValueOrDefault("data", ""),
            Path.GetFullPath(values.GetValueOrDefault("app") ?? Path.Combine(Bench.Repository(), "src", "Web", "bin", "Release", "net10.0", "publish", "PaperFeed.Web.dll")),
            values.GetValueOrDefault("postgres"),
            values.GetValueOrDefault("catalog"),
            Number("seconds", 8),
            Number("connections", 32),
            Number("rounds", 3),
            values.GetValueOrDefault("markdown")) { KeepIndex = values.GetValueOrDefault("index") == "keep" };
        return (options, unknown is not null ? $"unknown option --{unknown}"
            : values.GetValueOrDefault("index") is { } index && index is not ("keep" or "rebuild") ? "--index is keep or rebuild"
            : options.Data.Length == 0 ? "--data is required"
            : !File.Exists(options.App) ? $"no app at {options.App}: publish it with `dotnet publish -c Release src/Web`, or name it with --app"
            : null);
    }
}

/// <summary>What wrk measured in one run.</summary>
internal sealed record Measurement(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors)
{
    private static readonly Regex Rate = new(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline);
    private static readonly Regex Percentile = new(@"^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
    private static readonly Regex Failed = new(@"Non-2xx or 3xx responses:\s+([0-9]+)|Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");

    public static Measurement Parse(string output)
    {
        var rate = Rate.Match(output);
        if (!rate.Success)
        {
            throw new InvalidOperationException($"wrk printed no rate:\n{output}");
        }

        var percentiles = Percentile.Matches(output).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * m.Groups[3].Value switch { "us" => 0.001, "ms" => 1, _ => 1000 });
        var errors = Failed.Matches(output).Sum(m => m.Groups.Values.Skip(1).Where(g => g.Success).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)));
        return new Measurement(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), percentiles["50"], percentiles["99"], errors);
    }
}

/// <summary>The ceiling: a minimal Kestrel app answering each saved page's bytes from memory.</summary>
internal static class Ceiling
{
    public static async Task<int> RunAsync(int port, string pages)
    {
        var responses = File.ReadAllLines(Path.Combine(pages, "index.tsv"))
            .Select(line => line.Split('\t'))
            .ToDictionary(f => f[0], f => (Type: f[1], Body: File.ReadAllBytes(Path.Combine(pages, f[2]))), StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/{**path}", (HttpContext context) =>
            responses.TryGetValue(context.Request.Path + context.Request.QueryString, out var page) ? Results.Bytes(page.Body, page.Type) : Results.NotFound());
        await app.RunAsync();
        return 0;
    }
}

internal static class Bench
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(5) };

    public static async Task<int> RunAsync(RunOptions options)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await probe.WaitForExitAsync();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("error: wrk is not installed: apt-get install -y wrk (Debian's package)");
            return 2;
        }

        Directory.CreateDirectory(options.Data);
        var environment = AppEnvironment(options);
        var provider = options.Postgres is null ? "SQLite" : "PostgreSQL";
        if (!await HasCatalogAsync(options, environment))
        {
            Console.WriteLine("The data directory has no catalog: importing the recorded Hugging Face days (samples/hf-daily-papers)");
            await RunToEndAsync(options.App, environment, "ingest", "huggingface", "--file", Path.Combine(Repository(), "samples", "hf-daily-papers"));
        }

        // Start-up: from process start to the first page served, without a search index and with the one it built (or,
        // with --index keep, twice with the index the data directory has: a million papers take minutes to index).
        var index = Path.Combine(options.Data, "search-index");
        if (Directory.Exists(index) && !options.KeepIndex)
        {
            Directory.Delete(index, recursive: true);
        }

        var startups = new List<(string What, double Seconds)>();
        foreach (var what in options.KeepIndex ? new[] { "with its search index", "with its search index, again" } : new[] { "no search index yet", "with its search index" })
        {
            var (first, _, seconds) = await StartAppAsync(options, environment);
            startups.Add((what, seconds));
            await StopAsync(first);
        }

        var (app, appBase, _) = await StartAppAsync(options, environment);
        Process? ceiling = null;
        try
        {
            var pages = await DiscoverAsync(appBase);
            var catalog = options.Catalog ?? await DescribeCatalogAsync(appBase, pages.Day);
            var folder = Directory.CreateTempSubdirectory("pagebench-");
            var saved = new StringBuilder();
            foreach (var (name, path) in pages.Targets)
            {
                using var response = await Http.GetAsync(appBase + path);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
                }

                var file = $"{saved.Length}.body";
                await File.WriteAllBytesAsync(Path.Combine(folder.FullName, file), await response.Content.ReadAsByteArrayAsync());
                saved.Append(CultureInfo.InvariantCulture, $"{path}\t{response.Content.Headers.ContentType}\t{file}\n");
            }

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "index.tsv"), saved.ToString());
            var ceilingPort = FreePort();
            ceiling = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { typeof(Bench).Assembly.Location, "ceiling", "--port", ceilingPort.ToString(CultureInfo.InvariantCulture), "--pages", folder.FullName } })!;
            var ceilingBase = $"http://127.0.0.1:{ceilingPort}";
            await WaitForAsync(ceilingBase + pages.Targets[0].Path, TimeSpan.FromSeconds(30));

            Console.WriteLine($"Warming up ({pages.Targets.Count} pages, app and ceiling)");
            foreach (var (_, path) in pages.Targets)
            {
                await WrkAsync(appBase + path, Math.Max(1, options.Seconds / 4), options.Connections);
                await WrkAsync(ceilingBase + path, Math.Max(1, options.Seconds / 4), options.Connections);
            }

            var warm = ResidentMegabytes(app);
            var results = pages.Targets.ToDictionary(t => t.Name, _ => (App: new List<Measurement>(), Ceiling: new List<Measurement>()));
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var (name, path) in pages.Targets)
                {
                    Console.WriteLine($"[round {round}/{options.Rounds}] {name}: {path}");
                    results[name].App.Add(await WrkAsync(appBase + path, options.Seconds, options.Connections));
                    results[name].Ceiling.Add(await WrkAsync(ceilingBase + path, options.Seconds, options.Connections));
                }
            }

            var loaded = ResidentMegabytes(app);
            var command = $"PageBench run --data {options.Data}{(options.Postgres is null ? "" : " --postgres …")} --seconds {options.Seconds} --connections {options.Connections} --rounds {options.Rounds}{(options.KeepIndex ? " --index keep" : "")}";
            var table = new StringBuilder();
            table.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; wrk -t2 -c{options.Connections} -d{options.Seconds}s, medians of {options.Rounds} rounds, app and ceiling alternated.");
            table.AppendLine();
            table.AppendLine("| benchmark | catalog | provider | result (req/s, p50 / p99 ms) | ceiling (req/s, p50 / p99 ms) | ratio | command |");
            table.AppendLine("|---|---|---|---:|---:|---:|---|");
            foreach (var (name, path) in pages.Targets)
            {
                var (mine, best) = (Median(results[name].App), Median(results[name].Ceiling));
                var errors = results[name].App.Sum(m => m.Errors);
                table.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} `{path}` | {catalog} | {provider} | {mine.RequestsPerSecond:N0}, {mine.P50Ms:0.00} / {mine.P99Ms:0.00}{(errors > 0 ? $" ({errors} errors)" : "")} | {best.RequestsPerSecond:N0}, {best.P50Ms:0.00} / {best.P99Ms:0.00} | {mine.RequestsPerSecond / best.RequestsPerSecond:0.00}× | `{command}` |");
            }

            foreach (var (what, seconds) in startups)
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"| start-up to the first page, {what} | {catalog} | {provider} | {seconds:0.00} s | | | `{command}` |");
            }

            table.AppendLine(CultureInfo.InvariantCulture, $"| resident memory of the app, after warm-up / after the load | {catalog} | {provider} | {warm:N0} / {loaded:N0} MB | | | `{command}` |");
            Console.WriteLine();
            Console.Write(table);
            if (options.Markdown is not null)
            {
                await File.AppendAllTextAsync(options.Markdown, table + Environment.NewLine);
            }

            folder.Delete(recursive: true);
            return results.Values.Any(r => r.App.Any(m => m.Errors > 0)) ? 1 : 0;
        }
        finally
        {
            if (ceiling is not null)
            {
                await StopAsync(ceiling);
            }

            await StopAsync(app);
        }
    }

    public static string Repository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PaperFeed.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("PaperFeed.sln not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, string> AppEnvironment(RunOptions options)
    {
        // As a new operator runs it (Production), with the jobs and the per-client rate limits out of the way: wrk is
        // one client asking tens of thousands of times a second.
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["App__DataDirectory"] = Path.GetFullPath(options.Data),
            ["Jobs__RunServer"] = "false",
            ["Sources__HuggingFace__Enabled"] = "false",
            ["Email__UsePickupFolder"] = "true",
            ["Api__RequestsPerMinute"] = "100000000",
            ["Api__PageRequestsPerMinute"] = "100000000",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        if (options.Postgres is not null)
        {
            environment["Database__Provider"] = "Postgres";
            environment["ConnectionStrings__PaperFeed"] = options.Postgres;
            environment["App__SecretKey"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("pagebench-secret-key-of-32-bytes!"));
        }

        return environment;
    }

    private static async Task<bool> HasCatalogAsync(RunOptions options, Dictionary<string, string> environment)
    {
        if (options.Postgres is null && !File.Exists(Path.Combine(options.Data, "paperfeed.db")))
        {
            return false;
        }

        var (app, appBase, _) = await StartAppAsync(options, environment);
        try
        {
            return JsonNode.Parse(await Http.GetStringAsync(appBase + "/api/daily_papers?limit=1"))!.AsArray().Count > 0;
        }
        finally
        {
            await StopAsync(app);
        }
    }

    /// <summary>The latest day of the catalog, and the pages measured: each public page kind once.</summary>
    private static async Task<(string Day, List<(string Name, string Path)> Targets)> DiscoverAsync(string appBase)
    {
        var atom = await Http.GetStringAsync(appBase + "/feeds/daily.atom");
        var day = Regex.Match(atom, "/papers/date/([0-9]{4}-[0-9]{2}-[0-9]{2})").Groups[1].Value;
        var top = JsonNode.Parse(await Http.GetStringAsync(appBase + $"/api/daily_papers?date={day}&limit=1"))!.AsArray()[0]!["paper"]!["id"]!.GetValue<string>();
        var date = DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue);
        var week = $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}";
        return (day, [
            ("day page", $"/papers/date/{day}"),
            ("week page", $"/papers/week/{week}"),
            ("paper page", $"/papers/{top}"),
            ("API day", $"/api/daily_papers?date={day}"),
            ("Atom feed", "/feeds/daily.atom"),
            ("search page", "/search?q=language+models"),
        ]);
    }

    private static async Task<string> DescribeCatalogAsync(string appBase, string day)
    {
        var papers = JsonNode.Parse(await Http.GetStringAsync(appBase + $"/api/daily_papers?date={day}&limit=100"))!.AsArray().Count;
        return $"latest day {day} ({papers} papers)";
    }

    private static async Task<(Process App, string Base, double StartSeconds)> StartAppAsync(RunOptions options, Dictionary<string, string> environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(options.App);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["App__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        var clock = Stopwatch.StartNew();
        var app = Process.Start(start)!;
        var output = new StringBuilder();
        app.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        app.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        var appBase = $"http://127.0.0.1:{port}";
        try
        {
            await WaitForAsync(appBase + "/", TimeSpan.FromMinutes(30), app);
        }
        catch (Exception e)
        {
            lock (output)
            {
                throw new InvalidOperationException($"the app did not serve its first page: {e.Message}\n{output}");
            }
        }

        return (app, appBase, clock.Elapsed.TotalSeconds);
    }

    private static async Task WaitForAsync(string url, TimeSpan limit, Process? process = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"it exited with {process.ExitCode}");
            }

            try
            {
                using var response = await Http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < limit)
            {
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"{url} did not answer 200 within {limit}");
            }

            await Task.Delay(20);
        }
    }

    private static async Task<Measurement> WrkAsync(string url, int seconds, int connections)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", url })
        {
            start.ArgumentList.Add(arg);
        }

        using var wrk = Process.Start(start)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return Measurement.Parse(output + await wrk.StandardError.ReadToEndAsync());
    }

    private static async Task RunToEndAsync(string app, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { app } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', args)}` exited with {process.ExitCode}");
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    private static double ResidentMegabytes(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static Measurement Median(List<Measurement> runs)
    {
        double Mid(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        return new Measurement(Mid(runs.Select(r => r.RequestsPerSecond)), Mid(runs.Select(r => r.P50Ms)), Mid(runs.Select(r => r.P99Ms)), runs.Sum(r => r.Errors));
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
