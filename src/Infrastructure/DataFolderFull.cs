using System.Globalization;
using Microsoft.Data.Sqlite;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure;

/// <summary>
/// Whether a failure is a full disk under the data folder (the SQLite file and its write-ahead log, the search index,
/// the keys, the mail pickup folder), and the one line the app and the commands print for it instead of a stack trace.
/// </summary>
public static class DataFolderFull
{
    private const int SqliteFull = 13; // SQLITE_FULL, "database or disk is full"
    private const int SqliteIoError = 10; // SQLITE_IOERR, "disk I/O error"
    private const int NoSpaceLeft = 28; // ENOSPC: .NET's IOException carries the errno on Linux and macOS
    private const int WindowsDiskFull = unchecked((int)0x80070070); // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL

    /// <summary>
    /// Below this, SQLite's "disk I/O error" is taken for a full disk too: it reports so a write-ahead index (the -shm
    /// file) that it cannot grow. 1 MiB is less than a day of papers takes.
    /// </summary>
    private const long AlmostNothing = 1 << 20;

    /// <summary>The one line to print when <paramref name="e"/>, or what it wraps, failed for want of space; else null.</summary>
    public static string? Message(Exception e, DataPaths paths)
    {
        if (Cause(e) is not { } cause)
        {
            return null;
        }

        var folder = cause is SqliteException && paths.Provider == DatabaseProvider.Sqlite ? SqliteFolder(paths) : paths.DataDirectory;
        var free = FreeBytes(folder);
        var full = cause switch
        {
            SqliteException sqlite => sqlite.SqliteErrorCode == SqliteFull || (sqlite.SqliteErrorCode == SqliteIoError && free < AlmostNothing),
            _ => cause.HResult is NoSpaceLeft or WindowsDiskFull or WindowsHandleDiskFull,
        };
        if (!full)
        {
            return null;
        }

        var name = folder == paths.DataDirectory ? $"the data folder {folder}" : $"the folder of the SQLite database, {folder},";
        var left = free is { } bytes ? $" ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes free)" : "";
        return $"{name} is full{left}: {cause.Message.TrimEnd('.')}. Free some space there and run it again.";
    }

    /// <summary>
    /// Whether the disk of the SQLite file has almost nothing left: what EF Core's line about a failed statement, which
    /// carries no exception, can be judged by. Never on PostgreSQL, whose disk is the server's.
    /// </summary>
    public static bool AlmostFull(DataPaths paths) => paths.Provider == DatabaseProvider.Sqlite && FreeBytes(SqliteFolder(paths)) < AlmostNothing;

    /// <summary>The first error of SQLite or of the file system that <paramref name="e"/> is or wraps.</summary>
    private static Exception? Cause(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SqliteException or IOException)
            {
                return inner;
            }
        }

        return null;
    }

    private static string SqliteFolder(DataPaths paths) =>
        Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(paths.CatalogConnectionString).DataSource)) ?? paths.DataDirectory;

    private static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
