using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// Cached pages are keyed on the catalog's version: every write a page shows must move it on, in the writer's own
/// transaction, and nothing else should (a read, a write that is rolled back).
/// </summary>
public sealed class CatalogVersionTests
{
    [Fact]
    public async Task Every_write_to_papers_votes_or_source_states_moves_the_version_on_and_a_rolled_back_one_does_not()
    {
        await using var host = await TestHost.StartAsync();
        var version = host.Services.GetRequiredService<CatalogVersion>();
        var day = new DateOnly(2026, 11, 1);
        var record = new PaperRecord("2611.00003", "Echidnas", "We study echidnas.", ["Ada Lovelace"], null);
        var steps = new (string What, Func<IServiceProvider, Task> Write)[]
        {
            ("a new paper on a day's list", sp => sp.GetRequiredService<IngestionService>().StoreListingAsync(SourceNames.HuggingFace, new ParsedListing([new FeaturedRecord(record, day, 5, 0)], []))),
            ("new votes alone", sp => sp.GetRequiredService<IngestionService>().StoreListingAsync(SourceNames.HuggingFace, new ParsedListing([new FeaturedRecord(record, day, 50, 0)], []))),
            ("a paper's own column", sp => sp.GetRequiredService<PaperFeedDbContext>().Papers.Where(p => p.ArxivId == record.ArxivId).ExecuteUpdateAsync(p => p.SetProperty(x => x.GithubStars, 7))),
            ("a source's state", sp => sp.GetRequiredService<SourceStates>().RecordFailureAsync(SourceNames.HuggingFace, "503 from upstream", CancellationToken.None)),
            ("a featured entry removed", sp => sp.GetRequiredService<PaperFeedDbContext>().FeaturedEntries.ExecuteDeleteAsync()),
            ("a thumbnail's file", sp => CatalogVersion.BumpAsync(sp.GetRequiredService<PaperFeedDbContext>(), CancellationToken.None)),
        };

        var seen = await version.CurrentAsync();
        foreach (var (what, write) in steps)
        {
            await host.InScopeAsync(write);
            var now = await version.CurrentAsync();
            Assert.True(now > seen, $"{what}: the version stayed at {seen}");
            seen = now;
        }

        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Papers.ExecuteUpdateAsync(p => p.SetProperty(x => x.GithubStars, 8));
            await transaction.RollbackAsync();
            Assert.Equal(1, await db.Papers.CountAsync()); // a read
        });
        Assert.Equal(seen, await version.CurrentAsync());
    }

    [Fact]
    public async Task Callers_that_ask_at_once_all_get_the_version_committed_before_they_asked()
    {
        await using var host = await TestHost.StartAsync();
        var version = host.Services.GetRequiredService<CatalogVersion>();
        var start = await version.CurrentAsync();

        for (var round = 1; round <= 20; round++)
        {
            await host.InScopeAsync(sp => CatalogVersion.BumpAsync(sp.GetRequiredService<PaperFeedDbContext>(), CancellationToken.None));
            // Many callers at once: most share a read, and every one of them must see this round's bump.
            var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(version.CurrentAsync)));
            Assert.All(answers, a => Assert.Equal(start + round, a));
        }
    }
}
