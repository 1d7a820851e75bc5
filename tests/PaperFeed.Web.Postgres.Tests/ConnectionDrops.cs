using Npgsql;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>PostgreSQL only: ends the server side of every connection a process holds to a data directory's database.</summary>
internal static class ConnectionDrops
{
    /// <summary>Terminates the database's other sessions (as a restart, a failover or a proxy's idle time-out would); returns how many.</summary>
    public static async Task<int> TerminateAsync(string dataDirectory)
    {
        var database = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString(dataDirectory)).Database;
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString(dataDirectory));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("database", database!);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }
}
