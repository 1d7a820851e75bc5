using System.Globalization;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests.Bench;

/// <summary>
/// The pages benchmark (bench/PageBench) run for a second a page on the recorded days, so that the harness cannot rot.
/// It decides nothing about speed: the figures are in docs/PERFORMANCE.md, from full runs.
/// </summary>
public sealed class PageBenchSmokeTests
{
    [Fact]
    public async Task The_pages_benchmark_measures_every_page_beside_its_ceiling()
    {
        var data = TestHost.NewDataDirectory();
        var table = Path.Combine(data, "result.md");

        var run = await BenchCommand.RunAsync(
            "PageBench", "run", "--data", data, "--app", Path.Combine(AppContext.BaseDirectory, "PaperFeed.Web.dll"),
            "--seconds", "1", "--rounds", "1", "--connections", "4", "--markdown", table);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("importing the recorded Hugging Face days", run.Stdout);
        var rows = File.ReadAllLines(table);
        foreach (var page in new[] { "day page", "week page", "paper page", "API day", "Atom feed", "search page" })
        {
            // Only the shape of the row: a second on a machine busy with the rest of the suite says nothing of speed.
            var cells = Assert.Single(rows, r => r.StartsWith($"| {page} `/", StringComparison.Ordinal)).Split(" | ");
            Assert.All(new[] { cells[3], cells[4] }, cell => Assert.True(double.Parse(cell.Split(", ")[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) > 0, cell));
            Assert.Matches("^[0-9]+\\.[0-9]{2}×$", cells[5]);
        }

        Assert.Equal(2, rows.Count(r => r.StartsWith("| start-up to the first page", StringComparison.Ordinal)));
        Assert.Single(rows, r => r.StartsWith("| resident memory of the app", StringComparison.Ordinal));
    }
}
