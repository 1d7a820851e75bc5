using System.Diagnostics;
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

        var run = await RunAsync(
            "run", "--data", data, "--app", Path.Combine(AppContext.BaseDirectory, "PaperFeed.Web.dll"),
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

    /// <summary>The benchmark as this test run built it: bench/PageBench/bin/&lt;configuration&gt;/&lt;framework&gt;/PageBench.dll.</summary>
    private static string PageBench
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var repository = output;
            while (!File.Exists(Path.Combine(repository.FullName, "PaperFeed.sln")))
            {
                repository = repository.Parent ?? throw new InvalidOperationException("PaperFeed.sln not found above " + output);
            }

            return Path.Combine(repository.FullName, "bench", "PageBench", "bin", output.Parent!.Name, output.Name, "PageBench.dll");
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { PageBench } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
