using PaperFeed.Infrastructure;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

public sealed partial class IngestionKillTests
{
    [Fact]
    public async Task A_connection_dropped_inside_a_day_s_transaction_is_a_clear_error_leaves_the_day_as_it_was_and_the_next_run_stores_it()
    {
        var (before, raised) = await StoreTheDayAsync();

        var held = AppProcess.RunAsync(_data, new Dictionary<string, string>([_meeting.Setting]), "ingest", "huggingface", "--file", raised);
        await _meeting.ReachedAsync(Rendezvous.DayWritten, 1, () => held.IsCompleted ? $"exit {held.Result.ExitCode}: {held.Result.Stderr}" : null);
        Assert.True(await ConnectionDrops.TerminateAsync(_data) > 0);
        await _meeting.LetGoAsync(Rendezvous.DayWritten);
        var (exitCode, stdout, stderr) = await held;

        Assert.True(exitCode == 1, stdout + stderr);
        Assert.Contains("error: the database failed in the middle of the command (PostgreSQL answered 57P01: terminating connection due to administrator command)", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.Equal(before, await VotesAsync());
        var again = await AppProcess.RunAsync(_data, NoSettings, "ingest", "huggingface", "--file", raised);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(before.ToDictionary(v => v.Key, v => v.Value + 100), await VotesAsync());
    }
}
