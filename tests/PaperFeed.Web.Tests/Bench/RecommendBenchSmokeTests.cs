namespace PaperFeed.Web.Tests.Bench;

/// <summary>
/// The cost of "for you" in a digest run (bench/RecommendBench plan) on 40 subscribers, so that the harness cannot
/// rot. It decides nothing about speed (docs/RECOMMENDATIONS.md has the figures of full runs): only that the command
/// ran the app's code on both ways, one core and all cores, and found the same picks in each (it exits 1 otherwise).
/// </summary>
public sealed class RecommendBenchSmokeTests
{
    [Fact]
    public async Task The_for_you_cost_benchmark_chooses_the_same_papers_on_one_core_and_on_all()
    {
        var (exitCode, output, errors) = await BenchCommand.RunAsync("RecommendBench", "plan", "--subscribers", "40", "--rounds", "2");

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("40 subscribers on For you", output, StringComparison.Ordinal);
        Assert.Matches(@"\| 40 \| all [0-9]+ cores? \| [0-9]+\.[0-9]{2} \|", output);
        Assert.Matches(@"\| 40 \| one core \| [0-9]+\.[0-9]{2} \|", output);
        Assert.Equal(4, output.Split('\n').Count(l => l.Contains("400 papers picked for you", StringComparison.Ordinal)));
    }
}
