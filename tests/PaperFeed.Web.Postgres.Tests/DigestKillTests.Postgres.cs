using PaperFeed.Infrastructure;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

public sealed partial class DigestKillTests
{
    [Fact]
    public async Task A_connection_dropped_before_the_first_claim_is_a_clear_error_and_the_next_run_sends_each_digest_once()
    {
        using var meeting = new Meeting();
        var environment = _readers.SendingEnvironment();
        environment.Add(meeting.Setting.Key, meeting.Setting.Value);
        var run = AppProcess.RunAsync(_readers.Data, environment, "digests", "send", "--now");
        string? Ended() => run.IsCompleted ? $"exit {run.Result.ExitCode}: {run.Result.Stderr}" : null;
        await meeting.ReachedAsync(Rendezvous.DigestsPlanned, 1, Ended);
        await meeting.LetGoAsync(Rendezvous.DigestsPlanned);
        await meeting.ReachedAsync(Rendezvous.DigestsClaimable, 1, Ended);
        Assert.True(await ConnectionDrops.TerminateAsync(_readers.Data) > 0);
        await meeting.LetGoAsync(Rendezvous.DigestsClaimable);
        var (exitCode, stdout, stderr) = await run;

        Assert.True(exitCode == 1, stdout + stderr);
        Assert.Contains("error: the database failed in the middle of the command (PostgreSQL answered 57P01", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.Empty(_readers.Smtp.Messages);

        var again = await AppProcess.RunAsync(_readers.Data, _readers.SendingEnvironment(), "digests", "send", "--now");

        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.All(Enumerable.Range(1, Readers), i => Assert.Single(_readers.Smtp.To($"reader{i}@example.org")));
        Assert.Equal(Readers, _readers.Smtp.Messages.Count);
    }
}
