using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PaperFeed.Infrastructure.Data;

/// <summary>What a failed save means, on either provider.</summary>
public static class DatabaseErrors
{
    private const int SqliteUniqueViolation = 2067; // SQLITE_CONSTRAINT_UNIQUE

    /// <summary>Whether the save broke a unique key: another process wrote the same row first.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteUniqueViolation,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
