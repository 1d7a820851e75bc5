using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace PaperFeed.Infrastructure.Data;

/// <summary>Creates the data directory and brings the catalog database to the latest migration.</summary>
public sealed class DatabaseInitializer(PaperFeedDbContext db, DataPaths paths, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.DataDirectory);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets pages read while an ingestion writes; the setting is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        logger.LogInformation("Catalog database ready ({DataSource})", db.Database.GetDbConnection().DataSource);
    }
}
