using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// The operator command as a person runs it: the real executable in its own process, against a real local HTTP
/// server replaying recorded responses, writing a real SQLite file. Checks exit codes and what is printed.
/// </summary>
public sealed class IngestCommandTests : IAsyncLifetime
{
    private readonly string _data = TestHost.NewDataDirectory();
    private RecordedUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await RecordedUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Ingesting_one_date_prints_the_day_and_exits_zero()
    {
        _upstream.ServeDay("2025-03-14", Fixtures.HuggingFaceDay("2025-03-14"));

        var run = await RunAsync("ingest", "huggingface", "--date", "2025-03-14");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("[1/1] 2025-03-14: 26 papers", run.Stdout.Trim());
        Assert.Equal(26L, Scalar("SELECT COUNT(*) FROM FeaturedEntries WHERE Date = '2025-03-14'"));
    }

    [Fact]
    public async Task A_range_prints_progress_per_day_and_names_each_failed_day()
    {
        _upstream.ServeDay("2025-06-16", HttpStatusCode.OK, "[]");
        _upstream.ServeDay("2025-06-17", Fixtures.HuggingFaceDay("2025-06-17"));
        _upstream.ServeDay("2025-06-18", HttpStatusCode.InternalServerError, "oops", "text/plain");

        var run = await RunAsync("ingest", "huggingface", "--from", "2025-06-16", "--to", "2025-06-18");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["[1/3] 2025-06-16: 0 papers", "[2/3] 2025-06-17: 24 papers", "[3/3] 2025-06-18: failed"], Lines(run.Stdout));
        var error = Assert.Single(Lines(run.Stderr));
        Assert.StartsWith($"error: huggingface 2025-06-18: HTTP 500 (Internal Server Error) from {_upstream.BaseAddress}api/daily_papers?date=2025-06-18", error);
        Assert.Equal(24L, Scalar("SELECT COUNT(*) FROM FeaturedEntries"));
    }

    [Fact]
    public async Task A_failure_is_one_clear_line_and_a_non_zero_exit()
    {
        _upstream.ServeDay("2025-09-16", HttpStatusCode.OK, "<html>maintenance</html>", "text/html");

        var run = await RunAsync("ingest", "huggingface", "--date", "2025-09-16");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(Lines(run.Stderr));
        Assert.StartsWith("error: huggingface 2025-09-16: unreadable response from", line);
        Assert.Contains("not valid JSON", line);
    }

    [Fact]
    public async Task Saved_responses_are_imported_with_the_day_from_the_entries_or_the_file_name()
    {
        var run = await RunAsync("ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2025-03-14"), Fixtures.HuggingFaceDay("2026-08-21"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, Lines(run.Stdout).Count);
        Assert.EndsWith("2025-03-14.json: 2025-03-14 (26 papers)", Lines(run.Stdout)[0]);
        Assert.EndsWith("2026-08-21.json: 2026-08-21 (17 papers)", Lines(run.Stdout)[1]);
        Assert.Equal(43L, Scalar("SELECT COUNT(*) FROM Papers"));
        Assert.Empty(_upstream.Requests);

        // The same files again: nothing new.
        await RunAsync("ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2025-03-14"), Fixtures.HuggingFaceDay("2026-08-21"));
        Assert.Equal(43L, Scalar("SELECT COUNT(*) FROM FeaturedEntries"));
    }

    [Fact]
    public async Task A_saved_response_that_does_not_say_its_day_asks_for_date()
    {
        var copy = Path.Combine(_data, "saved.json");
        File.Copy(Fixtures.HuggingFaceDay("2025-03-14"), copy);

        var run = await RunAsync("ingest", "huggingface", "--file", copy);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"error: huggingface file {copy}: its entries do not say their day; pass --date YYYY-MM-DD", run.Stderr);

        var withDate = await RunAsync("ingest", "huggingface", "--file", copy, "--date", "2025-03-14");
        Assert.Equal(0, withDate.ExitCode);
        Assert.Equal(26L, Scalar("SELECT COUNT(*) FROM FeaturedEntries WHERE Date = '2025-03-14'"));
    }

    [Theory]
    [InlineData("--date", "2025-02-30")]
    [InlineData("--date", "14/03/2025")]
    [InlineData("--from", "tomorrow")]
    public async Task A_malformed_date_is_refused_before_anything_runs(string option, string value)
    {
        var run = await RunAsync("ingest", "huggingface", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {option} \"{value}\" is not a date like 2025-03-14", run.Stderr);
        Assert.Empty(_upstream.Requests);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("digest", "send")]
    [InlineData("ingest")]
    [InlineData("ingest", "huggingface", "--dat", "2025-03-14")]
    public async Task A_mistyped_command_is_an_error_and_never_starts_the_server(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr);
        Assert.DoesNotContain("Now listening", run.Stdout + run.Stderr);
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "paperfeed.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunAppAsync(_data, new Dictionary<string, string> { ["Sources__HuggingFace__BaseUrl"] = _upstream.BaseAddress.ToString().TrimEnd('/') }, args);

    /// <summary>Runs the app's executable with <paramref name="args"/> on the data directory <paramref name="data"/>.</summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunAppAsync(string data, IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PaperFeed.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["App__DataDirectory"] = data;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
