using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// The search index learns of changes only through the database's triggers. EF Core's SQLite migrations rebuild a
/// table (and drop its triggers) for some column changes, so this guards every future migration.
/// </summary>
public sealed class SearchChangeLogTests
{
    [Fact]
    public async Task After_every_migration_each_change_to_a_paper_or_its_votes_is_logged()
    {
        await using var host = await TestHost.StartAsync();
        var triggers = await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' ORDER BY name").ToListAsync());

        Assert.Equal(
            ["FeaturedEntries_SearchDelete", "FeaturedEntries_SearchInsert", "FeaturedEntries_SearchUpdate", "Papers_SearchDelete", "Papers_SearchInsert", "Papers_SearchUpdate"],
            triggers);

        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO Papers (ArxivId, Title, Abstract, Authors, Keywords, Categories, FirstSeenAt, UpdatedAt, HasArxivBibliography) VALUES ('2611.00001', 't', 'a', '[]', '[]', '[]', '2026-11-26', '2026-11-26', 0)");
            await db.Database.ExecuteSqlRawAsync("UPDATE Papers SET Title = 'new' WHERE ArxivId = '2611.00001'");
            await db.Database.ExecuteSqlRawAsync("UPDATE Papers SET UpdatedAt = '2026-11-27' WHERE ArxivId = '2611.00001'"); // nothing searchable changed
            var logged = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM SearchChanges").SingleAsync();
            Assert.Equal(2, logged);
        });
    }
}
