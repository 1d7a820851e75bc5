using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace PaperFeed.Infrastructure.Data;

/// <summary>Creates the data directory and brings the catalog database to the latest migration.</summary>
public sealed class DatabaseInitializer(PaperFeedDbContext db, DataPaths paths, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        paths.EnsureDataDirectory();
        if (db.Database.IsNpgsql())
        {
            await MigratePostgresAsync(cancellationToken);
        }
        else if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            // Only when there is something to migrate: EF Core takes its SQLite lock (a row in __EFMigrationsLock) before
            // it looks, and a process killed, or failing on a full disk or a busy file, before it deleted the row left
            // every later start waiting for it for ever (dotnet/efcore#38958); an ordinary start now writes nothing here.
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets pages read while an ingestion writes; the setting is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await Ingestion.AuthorRows.FillInAsync(db, logger, cancellationToken);
        logger.LogInformation("Catalog database ready ({DataSource})", Describe(db));
    }

    /// <summary>
    /// Several web and worker processes may start at once on one PostgreSQL database: one at a time migrates it, under
    /// a session-level advisory lock held across the whole step, and the others then find nothing left to do.
    /// </summary>
    private async Task MigratePostgresAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
            // EF Core reads the migrations history of a new PostgreSQL database before it creates the table, and logs
            // the failed read as an error: an empty table first keeps a first start's output clean.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The advisory lock of migrations (the next number after <see cref="CatalogWriteLock.Key"/>).</summary>
    private const long MigrationLock = CatalogWriteLock.Key + 1;

    /// <summary>The SQLite file, or the PostgreSQL server and database (never the password).</summary>
    private static string Describe(PaperFeedDbContext db) => db.Database.IsNpgsql()
        ? $"PostgreSQL {db.Database.GetDbConnection().DataSource}, database {db.Database.GetDbConnection().Database}"
        : db.Database.GetDbConnection().DataSource;
}
