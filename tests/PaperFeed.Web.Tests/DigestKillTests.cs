using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Testing;
using Xunit.Abstractions;

namespace PaperFeed.Web.Tests;

/// <summary>
/// A digest batch whose process is killed (SIGKILL, no chance to clean up) at random points, again and again, then run
/// to its end: at the SMTP server, never two digests to one subscriber; every subscriber either got theirs or has it
/// reported as interrupted (a kill may land between the server's acceptance and the mark, so such a digest is never
/// resent blindly), at most one a kill; and nothing stays pending.
/// </summary>
public sealed partial class DigestKillTests(ITestOutputHelper log) : IAsyncLifetime
{
    /// <summary>Subscribers and kills; the soak run sets more (docs/RELIABILITY.md): PAPERFEED_KILL_READERS, PAPERFEED_KILL_TRIALS.</summary>
    private static readonly int Readers = DueReaders.Soak("PAPERFEED_KILL_READERS", 120);
    private static readonly int Kills = DueReaders.Soak("PAPERFEED_KILL_TRIALS", 6);
    private DueReaders _readers = null!;

    public async Task InitializeAsync() => _readers = await DueReaders.PrepareAsync(Readers);

    public async Task DisposeAsync()
    {
        await _readers.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_killed_at_random_points_sends_each_digest_at_most_once_and_reports_every_one_it_cannot_know()
    {
        var environment = _readers.SendingEnvironment();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var killed = 0;
        for (var trial = 0; trial < Kills; trial++)
        {
            using var run = AppProcess.Start(_readers.Data, environment, "digests", "send", "--now");
            var output = Task.WhenAll(run.StandardOutput.ReadToEndAsync(), run.StandardError.ReadToEndAsync()); // never a full pipe
            var target = _readers.Smtp.Messages.Count + random.Next(1, Math.Max(2, 3 * Readers / Kills / 2)); // spread over the batch
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (_readers.Smtp.Messages.Count < target && !run.HasExited && clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(random.Next(1, 30));
            }

            if (run.HasExited)
            {
                await output;
                break; // the batch is done
            }

            run.Kill(); // SIGKILL
            await run.WaitForExitAsync();
            await output;
            killed++;
        }

        // Ten minutes later (a row left in Sending is interrupted once its lease is over), the batch is run to its end.
        await InDatabaseAsync(async db =>
        {
            foreach (var left in await db.Deliveries.Where(d => d.Status == DeliveryStatus.Sending).ToListAsync())
            {
                left.ClaimedAt -= DeliveryTransitions.SendingLease + TimeSpan.FromMinutes(1);
            }

            await db.SaveChangesAsync();
        });
        var last = await AppProcess.RunAsync(_readers.Data, environment, "digests", "send", "--now");

        var context = $"seed {seed}, {killed} kills; last run exit {last.ExitCode}:\n{last.Stdout}{last.Stderr}";
        Assert.True(killed > 0, context);
        var rows = await InDatabaseAsync(db => db.Deliveries.Select(d => new { d.Subscription.Email, d.Status }).ToListAsync());
        Assert.Equal(Readers, rows.Count);
        Assert.Equal(Readers, rows.Select(r => r.Email).Distinct().Count()); // one edition each, however many runs planned it
        Assert.All(rows, r => Assert.True(r.Status is DeliveryStatus.Sent or DeliveryStatus.Interrupted, $"{r.Email}: {r.Status}; {context}"));
        var interrupted = rows.Count(r => r.Status == DeliveryStatus.Interrupted);
        Assert.True(interrupted <= killed, $"{interrupted} interrupted; {context}");
        foreach (var row in rows)
        {
            var received = _readers.Smtp.To(row.Email).Count;
            Assert.True(received <= 1, $"{row.Email} got {received} digests; {context}");
            Assert.True(received == 1 || row.Status == DeliveryStatus.Interrupted, $"{row.Email} got nothing and it is {row.Status}; {context}");
        }

        Assert.Equal(interrupted > 0 ? 1 : 0, last.ExitCode); // an interrupted delivery is reported, and the command says so
        log.WriteLine($"seed {seed}: {killed} kills, {_readers.Smtp.Messages.Count} digests received, {interrupted} interrupted ({rows.Count(r => r.Status == DeliveryStatus.Interrupted && _readers.Smtp.To(r.Email).Count == 1)} of them had reached the server)");
    }

    private async Task<T> InDatabaseAsync<T>(Func<PaperFeedDbContext, Task<T>> action)
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:DataDirectory"] = _readers.Data });
        return await host.QueryAsync(action);
    }

    private async Task InDatabaseAsync(Func<PaperFeedDbContext, Task> action) =>
        await InDatabaseAsync(async db =>
        {
            await action(db);
            return 0;
        });
}
