namespace PaperFeed.Infrastructure.Data;

/// <summary>
/// Which database holds the catalog, the subscriptions and the job queue (<c>Database:Provider</c>): a SQLite file
/// in the data directory for one machine, or a PostgreSQL server shared by any number of web and worker processes.
/// </summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseProviders
{
    public const string Setting = "Database:Provider";

    /// <summary>Unset is SQLite; otherwise <c>Sqlite</c> or <c>Postgres</c> (also <c>PostgreSQL</c>), in any case.</summary>
    public static bool TryParse(string? text, out DatabaseProvider provider)
    {
        provider = DatabaseProvider.Sqlite;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "sqlite":
                return true;
            case "postgres" or "postgresql":
                provider = DatabaseProvider.Postgres;
                return true;
            default:
                return false;
        }
    }
}
