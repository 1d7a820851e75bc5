using Microsoft.EntityFrameworkCore;

namespace PaperFeed.Infrastructure.Data;

/// <summary>
/// One writer of searchable papers at a time, on PostgreSQL: the transaction-level advisory lock that the search
/// change log's triggers take, so that the log's entries become visible in the order of their numbers. A transaction
/// that will change papers takes it first, before it locks any row: taken only by the trigger, after the first row,
/// two ingestions of the same papers could each hold what the other waits for. SQLite needs nothing of the kind: it
/// has one writer at a time anyway.
/// </summary>
public static class CatalogWriteLock
{
    /// <summary>The advisory lock's key (a number chosen for this app, written into the trigger functions).</summary>
    public const long Key = 730_500_001;

    /// <summary>Takes the lock for the rest of the current transaction of <paramref name="db"/> (nothing on SQLite).</summary>
    public static async Task TakeAsync(PaperFeedDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Key})", cancellationToken);
        }
    }
}
