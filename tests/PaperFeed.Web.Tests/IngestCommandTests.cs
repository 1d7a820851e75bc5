using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// The operator command as a person runs it: the real executable in its own process, against a real local HTTP
/// server replaying recorded responses, writing a real SQLite file. Checks exit codes and what is printed. The HTML
/// pages it serves to <c>huggingface-html</c> and <c>arxiv-html</c> are built from real recorded entries, not captured
/// (tests/testdata/BUILT-PAGES.md).
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
        Assert.Equal(26L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\" WHERE \"Date\" = '2025-03-14'"));
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
        Assert.Equal(24L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\""));
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
        Assert.Equal(43L, Scalar("SELECT COUNT(*) FROM \"Papers\""));
        Assert.Empty(_upstream.Requests);

        // The same files again: nothing new.
        await RunAsync("ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2025-03-14"), Fixtures.HuggingFaceDay("2026-08-21"));
        Assert.Equal(43L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\""));
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
        Assert.Equal(26L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\" WHERE \"Date\" = '2025-03-14'"));
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

    [Theory]
    [InlineData("error: 'hugginface' is not a command of 'ingest'", "Did you mean 'ingest huggingface --date 2025-03-14'?", "ingest", "hugginface", "--date", "2025-03-14")]
    [InlineData("error: 'digest' is not a command", "Did you mean 'digests send'?", "digest", "send")]
    [InlineData("error: Unrecognized command or argument '--dat'.", "Did you mean 'ingest huggingface --date 2025-03-14'?", "ingest", "huggingface", "--dat", "2025-03-14")]
    [InlineData("error: Unrecognized command or argument '--dryrun'.", "Did you mean 'digests send --now --dry-run'?", "digests", "send", "--now", "--dryrun")] // past a flag
    [InlineData("error: 'sources' is not a command", null, "sources")] // nothing near: no guess
    public async Task A_mistyped_command_gets_one_error_and_the_nearest_command(string error, string? suggestion, params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        string?[] expected = [error, suggestion, "Run with --help to see the commands and their options."];
        Assert.Equal(expected.OfType<string>(), Lines(run.Stderr));
    }

    [Fact]
    public async Task A_week_page_prints_each_day_it_stored_and_exits_zero()
    {
        _upstream.ServeHtml("/papers/week/2025-W38", "hf-papers-html/week-2025-W38.html");

        var run = await RunAsync("ingest", "huggingface-html", "--week", "2025-W38");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["[1/1] huggingface 2025-09-16: 13 papers"], Lines(run.Stdout));
        Assert.Equal(13L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\" WHERE \"Source\" = 'huggingface' AND \"Date\" = '2025-09-16'"));
    }

    [Fact]
    public async Task Trending_is_stored_as_todays_trending_list()
    {
        _upstream.ServeHtml("/papers/trending", "hf-papers-html/trending.html");

        var run = await RunAsync("ingest", "huggingface-html", "--trending");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\[1/1\] huggingface-trending \d{4}-\d{2}-\d{2}: 8 papers$", Assert.Single(Lines(run.Stdout)));
        Assert.Equal(8L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\" WHERE \"Source\" = 'huggingface-trending'"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\" WHERE \"Source\" = 'huggingface'"));
    }

    [Fact]
    public async Task A_page_whose_structure_changed_is_one_clear_error_line_and_leaves_stored_papers_intact()
    {
        _upstream.ServeHtml("/papers/month/2025-06", "hf-papers-html/month-2025-06.html");
        Assert.Equal(0, (await RunAsync("ingest", "huggingface-html", "--month", "2025-06")).ExitCode);
        var changed = File.ReadAllText(Fixtures.Path("hf-papers-html/month-2025-06.html")).Replace("&quot;dailyPapers&quot;", "&quot;papers&quot;", StringComparison.Ordinal);
        _upstream.ServeFile("/papers/month/2025-06", Encoding.UTF8.GetBytes(changed), "text/html; charset=utf-8");

        var run = await RunAsync("ingest", "huggingface-html", "--month", "2025-06");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: huggingface-html: unreadable response from {_upstream.BaseAddress}papers/month/2025-06: data-props has no \"dailyPapers\" array", Assert.Single(Lines(run.Stderr)));
        Assert.Equal(24L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\" WHERE \"Date\" = '2025-06-17'"));
    }

    [Theory]
    [InlineData("error: give one of --date YYYY-MM-DD, --week YYYY-Www, --month YYYY-MM or --trending")]
    [InlineData("error: give one of --date YYYY-MM-DD, --week YYYY-Www, --month YYYY-MM or --trending", "--date", "2025-03-14", "--trending")]
    [InlineData("error: --week \"2025-11\" is not a week like 2025-W11", "--week", "2025-11")]
    [InlineData("error: --month \"2025-13\" is not a month like 2025-03", "--month", "2025-13")]
    public async Task A_malformed_page_argument_is_refused_before_anything_runs(string expected, params string[] options)
    {
        var run = await RunAsync(["ingest", "huggingface-html", .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, Assert.Single(Lines(run.Stderr)));
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task An_arxiv_listing_is_announced_like_the_rss_feed_and_a_changed_page_is_one_clear_error()
    {
        _upstream.ServeHtml("/list/cs.CL/new", "arxiv-listing/cs.CL-new-2024-11-28.html");

        var run = await RunAsync("ingest", "arxiv-html", "--category", "CS.cl"); // any case: arXiv's spelling is asked and stored

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["[1/1] cs.CL: 2024-11-28: 52 announced"], Lines(run.Stdout));
        Assert.Equal(52L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\" WHERE \"Source\" = 'arxiv:cs.CL' AND \"Date\" = '2024-11-28'"));

        var changed = File.ReadAllText(Fixtures.Path("arxiv-listing/cs.CL-new-2024-11-28.html")).Replace("<dl", "<div", StringComparison.Ordinal).Replace("</dl>", "</div>", StringComparison.Ordinal);
        _upstream.ServeFile("/list/cs.CL/new", Encoding.UTF8.GetBytes(changed), "text/html; charset=utf-8");
        var broken = await RunAsync("ingest", "arxiv-html", "--category", "cs.CL");

        Assert.Equal(1, broken.ExitCode);
        Assert.Equal($"error: arxiv:cs.CL: unreadable response from {_upstream.BaseAddress}list/cs.CL/new?skip=0&show=2000: arXiv listing has no <dl> of papers", Assert.Single(Lines(broken.Stderr)));
        Assert.Equal(["[1/1] cs.CL: failed"], Lines(broken.Stdout)); // a line for the category that failed too
        Assert.Equal(52L, Scalar("SELECT COUNT(*) FROM \"FeaturedEntries\" WHERE \"Source\" = 'arxiv:cs.CL'"));
    }


    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private long Scalar(string sql) => TestDatabase.Scalar(_data, sql);

    /// <summary>Runs the app with every upstream (API, papers pages, arXiv listings) pointed at the local server.</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var upstream = _upstream.BaseAddress.ToString().TrimEnd('/');
        return AppProcess.RunAsync(
            _data,
            new Dictionary<string, string> { ["Sources__HuggingFace__BaseUrl"] = upstream, ["Sources__HuggingFace__WebBaseUrl"] = upstream, ["Sources__Arxiv__ListingBaseUrl"] = upstream },
            args);
    }

    [Fact]
    public async Task A_schedule_that_is_no_cron_expression_stops_the_start_with_one_line_naming_the_setting()
    {
        var run = await AppProcess.RunAsync(_data, new Dictionary<string, string> { ["Sources__Arxiv__Rss__Enabled"] = "true", ["Sources__Arxiv__Rss__Cron"] = "every morning" }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: Sources:Arxiv:Rss:Cron \"every morning\" is not a cron expression", run.Stderr.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task The_old_arxiv_schedule_keys_stop_the_start_naming_the_new_ones()
    {
        var run = await AppProcess.RunAsync(_data, new Dictionary<string, string> { ["Sources__Arxiv__Enabled"] = "true" }, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: Sources:Arxiv:Enabled is no longer read: set Sources:Arxiv:Rss:Enabled", run.Stderr);
    }

    [Theory]
    [InlineData("arxiv-rss", "--category", "cs CL")]
    [InlineData("arxiv-html", "--category", "<script>")]
    [InlineData("arxiv", "--category", "cs.CL; rm")]
    [InlineData("arxiv-rss", "--category", "cs.XX")] // no such subject class
    [InlineData("arxiv-rss", "--category", "foo")] // no such archive
    [InlineData("arxiv", "--category", "astroph")] // arXiv writes astro-ph
    public async Task A_category_that_is_no_arxiv_category_is_refused_before_anything_is_fetched(string command, string option, string value)
    {
        var run = await AppProcess.RunAsync(_data, new Dictionary<string, string>(), "ingest", command, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--category \"{value}\" is not an arXiv category", run.Stderr);
    }
}
