using PaperFeed.Testing;

namespace PaperFeed.Web.Tests.Bench;

/// <summary>
/// The digest fan-out benchmark (bench/DigestBench) run on 20 subscribers, so that the harness cannot rot. It decides
/// nothing about speed (the figures are in docs/PERFORMANCE.md, from full runs): only that the command ran, and that
/// every subscriber with a digest got exactly one message, through the app and through the ceiling's loop.
/// </summary>
public sealed class DigestBenchSmokeTests
{
    [SmtpSinkFact]
    public async Task The_digest_benchmark_sends_every_digest_once_beside_its_ceiling()
    {
        var data = TestHost.NewDataDirectory();
        var table = Path.Combine(data, "result.md");

        var run = await BenchCommand.RunAsync(
            "DigestBench", "run", "--data", data, "--app", Path.Combine(AppContext.BaseDirectory, "PaperFeed.Web.dll"),
            "--subscribers", "20", "--rounds", "1", "--markdown", table);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("Importing the 5 recorded Hugging Face days", run.Stdout);
        Assert.Matches(@"checked: [0-9]+ of 20 subscribers had a digest, the sink got [0-9]+ messages: 0 missing, 0 twice, 0 to someone without a digest", run.Stdout);
        var rows = File.ReadAllLines(table);
        var cells = Assert.Single(rows, r => r.StartsWith("| digest fan-out, `digests send --now` end to end", StringComparison.Ordinal)).Split(" | ");
        // Only the shape of the row: 20 subscribers on a machine busy with the rest of the suite say nothing of speed.
        Assert.Matches("^[0-9,]+ messages/s", cells[3]);
        Assert.Matches("^[0-9,]+ messages/s", cells[4]);
        Assert.Matches("^[0-9]+\\.[0-9]{2}×$", cells[5]);
        Assert.Single(rows, r => r.StartsWith("| plan rows: ", StringComparison.Ordinal));
        Assert.Single(rows, r => r.StartsWith("| send: ", StringComparison.Ordinal));
    }

    /// <summary>
    /// A fact that needs Postfix's smtp-sink: skipped with the way to install it when it is missing, except under CI,
    /// which installs it (.ci/run) and so fails rather than skips.
    /// </summary>
    private sealed class SmtpSinkFactAttribute : FactAttribute
    {
        public SmtpSinkFactAttribute()
        {
            var ci = Environment.GetEnvironmentVariable("CI") is { Length: > 0 } value && value != "false";
            var installed = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Any(d => File.Exists(Path.Combine(d, "smtp-sink")));
            if (!installed && !ci)
            {
                Skip = "Postfix's smtp-sink is not installed (echo \"postfix postfix/main_mailer_type select No configuration\" | debconf-set-selections; apt-get install -y --no-install-recommends postfix); .ci/run installs it";
            }
        }
    }
}
