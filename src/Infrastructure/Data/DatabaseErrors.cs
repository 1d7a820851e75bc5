using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PaperFeed.Infrastructure.Data;

/// <summary>What a failed save means, on either provider.</summary>
public static class DatabaseErrors
{
    private const int SqliteUniqueViolation = 2067; // SQLITE_CONSTRAINT_UNIQUE

    /// <summary>
    /// Why the database cannot be used at all, when <paramref name="e"/> (or what it wraps, e.g. EF Core's "likely a
    /// transient failure") is the driver's: a refused connection, a wrong password, no such database or file. Null for
    /// any other exception, which is a bug to report with its stack trace.
    /// </summary>
    public static string? WhyUnusable(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case PostgresException postgres:
                    return $"PostgreSQL answered {postgres.SqlState}: {postgres.MessageText}";
                case NpgsqlException npgsql:
                    return npgsql.InnerException is { } cause ? $"{npgsql.Message} ({cause.Message})" : npgsql.Message;
                case SqliteException sqlite:
                    return $"SQLite: {sqlite.Message}";
            }
        }

        return null;
    }

    /// <summary>The one line the app and the commands print when <see cref="WhyUnusable"/> has a cause; else null.</summary>
    public static string? UnusableMessage(Exception e) =>
        WhyUnusable(e) is { } why ? $"the database of ConnectionStrings:PaperFeed cannot be used: {why}" : null;

    /// <summary>
    /// The one line for a start (the app's, or a command's) that could not ready its database: a full disk under the
    /// data folder (<see cref="DataFolderFull"/>) or <see cref="UnusableMessage"/>; else null.
    /// </summary>
    public static string? StartMessage(Exception e, DataPaths paths) => DataFolderFull.Message(e, paths) ?? UnusableMessage(e);

    /// <summary>Whether the save broke a unique key: another process wrote the same row first.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => IsDriverUniqueViolation(e.InnerException);

    /// <summary>Whether <paramref name="e"/> or what it wraps is the driver's unique-key violation (as EF Core logs it).</summary>
    public static bool WrapsUniqueViolation(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (IsDriverUniqueViolation(inner))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDriverUniqueViolation(Exception? e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == SqliteUniqueViolation,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
