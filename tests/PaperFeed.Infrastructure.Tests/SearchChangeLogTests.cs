using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Papers;
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
        var (sql, expected) = TestDatabase.Provider == DatabaseProvider.Sqlite
            ? ("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%Search%' ORDER BY name",
               (string[])["FeaturedEntries_SearchDelete", "FeaturedEntries_SearchInsert", "FeaturedEntries_SearchUpdate", "Papers_SearchDelete", "Papers_SearchInsert", "Papers_SearchUpdate"])
            : ("""SELECT tgname::text AS "Value" FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%SearchChange' ORDER BY tgname""", ["FeaturedEntries_SearchChange", "Papers_SearchChange"]);
        var triggers = await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Database.SqlQueryRaw<string>(sql).ToListAsync());
        Assert.Equal(expected, triggers);

        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            var day = new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);
            db.Papers.Add(new Paper { ArxivId = "2611.00001", Title = "t", Abstract = "a", FirstSeenAt = day, UpdatedAt = day });
            await db.SaveChangesAsync();
            await db.Papers.Where(p => p.ArxivId == "2611.00001").ExecuteUpdateAsync(p => p.SetProperty(x => x.Title, "new"));
            await db.Papers.Where(p => p.ArxivId == "2611.00001").ExecuteUpdateAsync(p => p.SetProperty(x => x.UpdatedAt, day.AddDays(1))); // nothing searchable changed
            var logged = await db.Database.SqlQueryRaw<long>("""SELECT COUNT(*) AS "Value" FROM "SearchChanges" """).SingleAsync();
            Assert.Equal(2L, logged);
        });
    }
}
