using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// EF Core locks a SQLite catalog for migrating with a row in <c>__EFMigrationsLock</c>, which the process deletes when
/// it is done. One killed, or failing on a full disk or a busy file, before it deleted the row leaves it there: the
/// next start must not wait for it for ever. SQLite only (PostgreSQL's lock goes with the session).
/// </summary>
public sealed class StaleMigrationLockTests : IDisposable
{
    private readonly string _data = TestHost.NewDataDirectory();

    [Fact]
    public async Task A_migration_lock_left_behind_by_a_process_holds_up_neither_the_commands_nor_the_server()
    {
        Assert.Equal(0, (await AppProcess.RunAsync(_data, new Dictionary<string, string>(), "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2025-03-14"))).ExitCode);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "paperfeed.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-01-01 00:00:00+00:00')""";
            command.ExecuteNonQuery();
        }

        using var ingest = AppProcess.Start(_data, new Dictionary<string, string>(), "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2025-06-17"));
        var output = Task.WhenAll(ingest.StandardOutput.ReadToEndAsync(), ingest.StandardError.ReadToEndAsync());
        var ended = ingest.WaitForExit(TimeSpan.FromSeconds(60));
        if (!ended)
        {
            ingest.Kill(entireProcessTree: true);
        }

        var printed = string.Concat(await output);
        Assert.True(ended && ingest.ExitCode == 0, $"the ingest {(ended ? $"exited {ingest.ExitCode}" : "waited a minute for the lock")}:\n{printed}");
        Assert.Equal(24L, TestDatabase.Scalar(_data, "SELECT COUNT(*) FROM \"FeaturedEntries\" WHERE \"Date\" = '2025-06-17'"));
        await using var web = await AppServer.StartAsync(_data, new Dictionary<string, string> { ["Jobs__RunServer"] = "false" });
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
