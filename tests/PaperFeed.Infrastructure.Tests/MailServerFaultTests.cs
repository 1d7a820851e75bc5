using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// A mail server that goes wrong in many ways in one batch, and a slow one: digests arrive once when it recovers.
/// The single faults, one test each, are in <see cref="DigestDeliveryTests"/>.
/// </summary>
public sealed class MailServerFaultTests
{
    // Saturday 2026-08-22, 09:00 UTC: the day after the recorded 2026-08-21 list.
    private static readonly DateTimeOffset Saturday = new(2026, 8, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Refused_then_faulty_then_recovered_every_digest_arrives_once_or_is_reported()
    {
        using var refused = Ports.Refused();
        await using var context = await DigestTestContext.StartAsync(Saturday, smtpPort: refused.Port);
        await context.ImportAsync("2026-08-21");
        var readers = new List<Subscription>();
        foreach (var name in new[] { "ada", "ben", "cy", "dee", "bounce", "eve", "fay", "gus", "hal", "ivy", "jo" })
        {
            readers.Add(await context.SubscriberAsync($"{name}@example.org"));
        }

        // 1. The server refuses connections: everything waits, nothing is lost.
        var refusedRun = await context.RunAsync();
        Assert.Equal((0, readers.Count), (refusedRun.Sent, refusedRun.Retrying));

        // 2. It is back, but answers every third RCPT with 451 or (every sixth) 421 and hangs up, has no mailbox for
        // one address, and drops the connection in the middle of the fourth message's body.
        refused.Dispose();
        await using var server = TestSmtpServer.Start(refused.Port);
        server.RecipientFault = n => n % 6 == 0 ? "421 4.3.2 Service shutting down" : n % 3 == 0 ? "451 4.3.0 Try again later" : null;
        server.Reject("bounce@example.org", "550 5.1.1 <bounce@example.org>: User unknown");
        server.DropMidData = 4;
        context.Clock.Advance(TimeSpan.FromMinutes(5));
        var faultyRun = await context.RunAsync();

        Assert.Contains(server.Faults, f => f.StartsWith("451", StringComparison.Ordinal));
        Assert.Contains(server.Faults, f => f.StartsWith("421", StringComparison.Ordinal));
        var cut = Assert.Single(server.Faults, f => f.StartsWith("connection dropped", StringComparison.Ordinal));
        Assert.True(faultyRun.Retrying > 0, "the faults should have deferred some digests");
        Assert.True(server.Connections > 1, "the 421 and the cut should have needed new connections");

        // 3. It recovers; the waiting digests go out on their next tries.
        server.RecipientFault = null;
        server.DropMidData = null;
        for (var round = 0; round < 5 && await context.QueryAsync(Unsettled) > 0; round++)
        {
            context.Clock.Advance(TimeSpan.FromHours(6));
            await context.RunAsync();
        }

        var deliveries = await context.QueryAsync(db => db.Deliveries.AsNoTracking().Include(d => d.Subscription).ToListAsync());
        Assert.Equal(readers.Count, deliveries.Count);
        Assert.Equal(0, await context.QueryAsync(Unsettled));

        // The unknown address got nothing and is suppressed.
        var bounced = Assert.Single(deliveries, d => d.Subscription.Email == "bounce@example.org");
        Assert.Equal(DeliveryStatus.Failed, bounced.Status);
        Assert.Equal(SubscriptionStatus.Suppressed, bounced.Subscription.Status);
        Assert.Empty(server.To("bounce@example.org"));

        // The message cut off mid-body: the client had handed its recipient over, so it cannot know what the server
        // kept; it is reported as interrupted and never resent. Everyone else has exactly one digest.
        var interrupted = Assert.Single(deliveries, d => d.Status == DeliveryStatus.Interrupted);
        Assert.Contains(interrupted.Subscription.Email, cut, StringComparison.Ordinal);
        Assert.Empty(server.To(interrupted.Subscription.Email));
        var delivered = deliveries.Where(d => d != bounced && d != interrupted).ToList();
        Assert.All(delivered, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.All(delivered, d => Assert.Single(server.To(d.Subscription.Email)));
        Assert.Equal(delivered.Count, server.Messages.Count);
    }

    [Fact]
    public async Task A_server_taking_5_seconds_a_command_gets_the_digest_once()
    {
        // The app's default SMTP time-out (30 s a command) rather than the 5 s the other digest tests use.
        await using var context = await DigestTestContext.StartAsync(Saturday, settings: new Dictionary<string, string?> { ["Email:Smtp:Timeout"] = "00:00:30" });
        await context.ImportAsync("2026-08-21");
        var reader = await context.SubscriberAsync("patient@example.org");
        context.Smtp.ReplyDelay = _ => TimeSpan.FromSeconds(5);

        var report = await context.RunAsync();

        Assert.Equal(1, report.Sent);
        Assert.Single(context.Smtp.To(reader.Email));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await context.DeliveriesAsync(reader.Id)).Status);
    }

    [Fact]
    public async Task A_greeting_slower_than_the_time_out_keeps_the_digest_for_the_next_try()
    {
        await using var context = await DigestTestContext.StartAsync(Saturday, settings: new Dictionary<string, string?> { ["Email:Smtp:Timeout"] = "00:00:01" });
        await context.ImportAsync("2026-08-21");
        var reader = await context.SubscriberAsync("patient@example.org");
        context.Smtp.ReplyDelay = verb => verb == "" ? TimeSpan.FromSeconds(3) : TimeSpan.Zero;

        var slow = await context.RunAsync();

        Assert.Equal((0, 1), (slow.Sent, slow.Retrying));
        Assert.Contains("cannot connect to SMTP server", Assert.Single(await context.DeliveriesAsync(reader.Id)).LastError);
        context.Smtp.ReplyDelay = null;
        context.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await context.RunAsync()).Sent);
        Assert.Single(context.Smtp.To(reader.Email));
    }

    [Fact]
    public async Task An_answer_to_a_message_slower_than_the_time_out_is_reported_and_never_resent()
    {
        await using var context = await DigestTestContext.StartAsync(Saturday, settings: new Dictionary<string, string?> { ["Email:Smtp:Timeout"] = "00:00:01" });
        await context.ImportAsync("2026-08-21");
        var first = await context.SubscriberAsync("first@example.org");
        var second = await context.SubscriberAsync("second@example.org");
        var answered = 0;
        context.Smtp.ReplyDelay = verb => verb == "." && Interlocked.Increment(ref answered) == 1 ? TimeSpan.FromSeconds(3) : TimeSpan.Zero;

        var report = await context.RunAsync();
        context.Clock.Advance(TimeSpan.FromHours(6));
        await context.RunAsync();

        // The server kept the first message but did not say so within the time-out: the client cannot know, so it
        // is reported and not sent again; the run goes on with the next one on a new connection.
        Assert.Contains(report.Problems, p => p.Contains("the server may have it", StringComparison.Ordinal));
        Assert.Equal(DeliveryStatus.Interrupted, Assert.Single(await context.DeliveriesAsync(first.Id)).Status);
        Assert.Single(context.Smtp.To(first.Email));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await context.DeliveriesAsync(second.Id)).Status);
        Assert.Single(context.Smtp.To(second.Email));
    }

    private static Task<int> Unsettled(PaperFeedDbContext db) =>
        db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Sending || d.Status == DeliveryStatus.RetryWait);
}
