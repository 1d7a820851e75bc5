using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// The <c>ingest</c> command killed (SIGKILL) inside a day's transaction, its rows written and not committed (held
/// there by the app's test rendezvous, so the moment is certain): the stored day is exactly as before, the database is
/// sound, and the next run stores the day.
/// </summary>
public sealed partial class IngestionKillTests : IAsyncDisposable
{
    private const string Day = "2025-06-17";
    private readonly string _data = TestHost.NewDataDirectory();
    private readonly Meeting _meeting = new();

    [Fact]
    public async Task A_process_killed_inside_a_day_s_transaction_leaves_the_day_as_it_was_and_the_next_run_stores_it()
    {
        var (before, raised) = await StoreTheDayAsync();

        using (var held = AppProcess.Start(_data, new Dictionary<string, string>([_meeting.Setting]), "ingest", "huggingface", "--file", raised))
        {
            var output = Task.WhenAll(held.StandardOutput.ReadToEndAsync(), held.StandardError.ReadToEndAsync());
            await _meeting.ReachedAsync(Rendezvous.DayWritten, 1, () => held.HasExited ? $"exit {held.ExitCode}" : null);
            held.Kill(); // SIGKILL, with the day's rows written inside its transaction
            await held.WaitForExitAsync();
            await output;
        }

        Assert.Equal(before, await VotesAsync());
        if (TestDatabase.Provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal("ok", await IntegrityAsync());
        }

        var again = await AppProcess.RunAsync(_data, NoSettings, "ingest", "huggingface", "--file", raised);

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(before.ToDictionary(v => v.Key, v => v.Value + 100), await VotesAsync());
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _meeting.Dispose();
        return ValueTask.CompletedTask;
    }

    private static readonly Dictionary<string, string> NoSettings = [];

    /// <summary>Stores the recorded day with the command; returns its votes and a file of the same day with every vote raised by 100.</summary>
    private async Task<(Dictionary<string, int> Before, string Raised)> StoreTheDayAsync()
    {
        var first = await AppProcess.RunAsync(_data, NoSettings, "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay(Day));
        Assert.True(first.ExitCode == 0, first.Stderr);
        return (await VotesAsync(), RaisedVotes(100));
    }

    /// <summary>The recorded day with every vote raised by <paramref name="by"/>, in a file of its own.</summary>
    private string RaisedVotes(int by)
    {
        var day = JsonNode.Parse(File.ReadAllText(Fixtures.HuggingFaceDay(Day)))!.AsArray();
        foreach (var entry in day)
        {
            entry!["paper"]!["upvotes"] = entry["paper"]!["upvotes"]!.GetValue<int>() + by;
        }

        var file = Path.Combine(_meeting.Folder, $"{Day}.json");
        File.WriteAllText(file, day.ToJsonString());
        return file;
    }

    private async Task<Dictionary<string, int>> VotesAsync()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:DataDirectory"] = _data });
        return await host.QueryAsync(db => db.FeaturedEntries.Select(f => new { f.Paper.ArxivId, f.Upvotes }).ToDictionaryAsync(f => f.ArxivId, f => f.Upvotes));
    }

    private async Task<string> IntegrityAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "paperfeed.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
