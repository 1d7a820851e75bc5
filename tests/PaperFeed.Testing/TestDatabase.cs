using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Testing;

/// <summary>
/// The database the tests of this process run on. SQLite by default: a file in each test's data directory. The
/// <c>*.Postgres.Tests</c> assemblies compile the same tests to run on PostgreSQL (<see cref="UsePostgres"/>): each data
/// directory then has a database of its own on the server named by <see cref="ServerVariable"/>, created on first use
/// and dropped with the directory (or when the process ends), so that two hosts on one data directory (a restart, a
/// command beside the app) share it, as they share the SQLite file.
/// </summary>
public static class TestDatabase
{
    /// <summary>An administrator's connection string to a PostgreSQL server (its Database is ignored).</summary>
    public const string ServerVariable = "PAPERFEED_TEST_POSTGRES";

    private static readonly ConcurrentDictionary<string, string> Created = new(StringComparer.Ordinal);
    private static readonly Lock Creating = new();

    public static DatabaseProvider Provider { get; private set; } = DatabaseProvider.Sqlite;

    private static string? Server => System.Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null;

    /// <summary>Makes this process's tests run on PostgreSQL (the module initializer of each <c>*.Postgres.Tests</c> assembly).</summary>
    public static void UsePostgres()
    {
        Provider = DatabaseProvider.Postgres;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var directory in Created.Keys)
            {
                Drop(directory);
            }
        };
    }

    /// <summary>The settings (configuration keys) that put an app host with this data directory on this process's database.</summary>
    public static Dictionary<string, string?> Settings(string dataDirectory) => Provider == DatabaseProvider.Sqlite
        ? []
        : new()
        {
            [DatabaseProviders.Setting] = "Postgres",
            ["ConnectionStrings:PaperFeed"] = ConnectionString(dataDirectory),
            ["App:SecretKey"] = SecretKey,
        };

    /// <summary>The link-signing key every process of a test instance shares (PostgreSQL requires one set).</summary>
    public static string SecretKey { get; } = Convert.ToBase64String(Encoding.UTF8.GetBytes("paperfeed-tests-secret-key-0123456789"));

    /// <summary>Adds <see cref="Settings"/> for the data directory that <paramref name="values"/> name (App:DataDirectory), unless they name a database.</summary>
    public static void AddTo(IDictionary<string, string?> values)
    {
        if (values.ContainsKey(DatabaseProviders.Setting) || values["App:DataDirectory"] is not { } directory)
        {
            return;
        }

        foreach (var (key, value) in Settings(directory))
        {
            values[key] = value;
        }
    }

    /// <summary>The same as environment variables, for the app run as a process.</summary>
    public static Dictionary<string, string> Environment(string dataDirectory) =>
        Settings(dataDirectory).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!, StringComparer.Ordinal);

    /// <summary>The connection string of the data directory's database on the server, which is created if it does not exist.</summary>
    public static string ConnectionString(string dataDirectory)
    {
        if (Created.TryGetValue(dataDirectory, out var known))
        {
            return known;
        }

        var server = Server ?? throw new InvalidOperationException(
            $"These tests run on PostgreSQL and {ServerVariable} is not set: name a server, e.g. \"Host=127.0.0.1;Username=postgres;Password=postgres\"");
        var name = DatabaseName(dataDirectory);
        lock (Creating)
        {
            if (!Created.ContainsKey(dataDirectory))
            {
                Admin(server, $"CREATE DATABASE \"{name}\"");
                Created[dataDirectory] = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            }
        }

        return Created[dataDirectory];
    }

    /// <summary>Runs a query of one number on the data directory's database (names quoted, as PostgreSQL needs for the app's tables).</summary>
    public static long Scalar(string dataDirectory, string sql)
    {
        using System.Data.Common.DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "paperfeed.db")};Pooling=False")
            : new NpgsqlConnection(ConnectionString(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Empties the data directory's database, as deleting its SQLite file would (a reset, or another catalog restored).</summary>
    public static void Reset(string dataDirectory)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(dataDirectory, "paperfeed.db*"))
            {
                File.Delete(file);
            }

            return;
        }

        Drop(dataDirectory);
        ConnectionString(dataDirectory);
    }

    /// <summary>Drops the data directory's database (its test is over); nothing on SQLite, where the file goes with the directory.</summary>
    public static void Drop(string dataDirectory)
    {
        if (Created.TryRemove(dataDirectory, out var connection))
        {
            NpgsqlConnection.ClearAllPools();
            Admin(Server!, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connection).Database}\" WITH (FORCE)");
        }
    }

    private static string DatabaseName(string dataDirectory) =>
        "pftest_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..20];

    private static void Admin(string server, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
