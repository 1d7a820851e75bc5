using PaperFeed.Testing;
using Xunit.Abstractions;

namespace PaperFeed.Web.Tests;

/// <summary>A new instance with an empty database fills itself: the real Hangfire server runs the backfill job.</summary>
public sealed class FirstStartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_new_instance_shows_papers_within_seconds()
    {
        await using var upstream = await RecordedUpstream.StartAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        upstream.ServeDay(today, Fixtures.HuggingFaceDay("2025-06-17"));
        using var app = new PaperFeedFactory(new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Serilog:MinimumLevel:Override:Hangfire"] = "Information",
            ["Sources:HuggingFace:BaseUrl"] = upstream.BaseAddress.ToString().TrimEnd('/'),
        });

        var cards = 0;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (cards == 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            var (_, page) = await app.GetPageAsync("/");
            cards = page.QuerySelectorAll("li.card").Length;
            if (cards == 0)
            {
                await Task.Delay(250);
            }
        }

        output.WriteLine($"after {waited.Elapsed.TotalSeconds:0.0} s: {cards} cards; upstream requests: {string.Join(", ", upstream.Requests)}");
        Assert.Equal(24, cards);
        // The backfill asked for each of the last 7 days.
        Assert.Equal(7, upstream.Requests.Select(r => r.Split("date=")[1][..10]).Distinct().Count());
    }
}
