using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Mail;
using MimeKit;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>
/// Sends the claimable deliveries over one mail connection: claims each right before handing it over, and marks it
/// sent in the same transaction as the next claim (one commit a digest), through <see cref="DeliveryTransitions"/>.
/// A lost connection is opened again; a server that cannot be reached defers every delivery left. The next messages
/// are read (<see cref="ReadTogether"/> at a time) and composed ahead, on a database context of their own, while the
/// current one is claimed and sent: composing is CPU and the rest waits on commits and on the mail server, so they
/// overlap instead of adding up. Nothing is claimed ahead: a composed message that is never sent leaves its row as it
/// was.
/// </summary>
public sealed class DigestSender(
    PaperFeedDbContext db,
    DeliveryTransitions transitions,
    IServiceScopeFactory scopes,
    IMailTransport transport,
    IOptions<EmailOptions> emailOptions,
    TimeProvider clock,
    Rendezvous rendezvous,
    ILogger<DigestSender> logger)
{
    /// <summary>How many messages are composed ahead of the one being sent.</summary>
    private const int Ahead = 4;

    /// <summary>
    /// Deliveries read (with their subscriptions and papers) in one go: a read per message cost more than composing
    /// it. Few enough that what is sent is read a moment before, not long ago.
    /// </summary>
    public const int ReadTogether = 16;

    public async Task SendDueAsync(DateTime now, DigestReport report, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var due = await transitions.Claimable(now).AsNoTracking()
            .OrderBy(d => d.Id)
            .Select(d => d.Id)
            .ToListAsync(cancellationToken);
        await rendezvous.ReachAsync(Rendezvous.DigestsClaimable, cancellationToken);
        if (due.Count == 0)
        {
            return;
        }

        // One connection for every claim and mark of the run, instead of one taken from the pool for each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var composed = Channel.CreateBounded<Composed>(new BoundedChannelOptions(Ahead) { SingleReader = true, SingleWriter = true });
        var composer = Task.Run(() => ComposeAsync(due, composed.Writer, stop.Token), CancellationToken.None);
        var unmarked = new Unmarked();
        IMailBatch? batch = null;
        try
        {
            for (var i = 0; i < due.Count; i++)
            {
                // In the order of due: the composer writes one item per id, or fails, which ends the channel with its error.
                var next = await composed.Reader.ReadAsync(cancellationToken);
                if (batch is null)
                {
                    try
                    {
                        batch = await transport.OpenAsync(cancellationToken);
                    }
                    catch (MailDeliveryException e)
                    {
                        logger.LogError("Cannot send digests: {Error}", e.Message);
                        await stop.CancelAsync();
                        await MarkAsync(unmarked, report);
                        await DeferAsync(due.Skip(i).ToList(), e.Message, now, report, cancellationToken);
                        return;
                    }
                }

                var lost = await SendOneAsync(batch, next, unmarked, now, report, cancellationToken);
                progress?.Report((i + 1, due.Count));
                if (lost)
                {
                    await batch.DisposeAsync();
                    batch = null;
                }
            }

            await MarkAsync(unmarked, report);
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            // The composer failed (before any claim of the delivery it was composing): its error, as if composed here.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await composer;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Stopped early (the mail server cannot be reached, or the run failed or was cancelled): nothing it
                // composed was claimed, and its error, if any, has been thrown by the read that found it.
            }

            if (batch is not null)
            {
                await batch.DisposeAsync();
            }

            await MarkOnFailureAsync(unmarked, report);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The delivery sent last, not marked yet: its mark shares the next claim's transaction
    /// (<see cref="DeliveryTransitions.SentThenClaimAsync"/>), or is made alone when nothing is claimed next.
    /// </summary>
    private sealed class Unmarked
    {
        public Delivery? Delivery { get; private set; }

        public DateTime SentAt { get; private set; }

        public void Sent(Delivery delivery, DateTime sentAt) => (Delivery, SentAt) = (delivery, sentAt);

        public void Clear() => Delivery = null;
    }

    /// <summary>Marks the delivery sent last, if any, on its own.</summary>
    private async Task MarkAsync(Unmarked unmarked, DigestReport report)
    {
        if (unmarked.Delivery is { } sent)
        {
            Marked(sent, await transitions.SentAsync(sent.Id, unmarked.SentAt), report);
            unmarked.Clear();
        }
    }

    /// <summary>The run is failing: the mark of the delivery sent last is still tried, and a failure of it is reported, not thrown over the run's own error.</summary>
    private async Task MarkOnFailureAsync(Unmarked unmarked, DigestReport report)
    {
        if (unmarked.Delivery is not { } sent)
        {
            return;
        }

        try
        {
            await MarkAsync(unmarked, report);
        }
        catch (Exception e)
        {
            report.Problems.Add(Problem(sent, "sent, but it could not be marked sent: it stays 'sending' and will be reported as interrupted"));
            logger.LogError(e, "Digest {DeliveryId} was sent but could not be marked sent", sent.Id);
        }
    }

    private void Marked(Delivery sent, bool marked, DigestReport report)
    {
        if (!marked)
        {
            report.Problems.Add($"delivery {sent.Id} ({sent.Edition}) was sent, but its row was no longer 'sending' (a lease ran out?): check it");
            logger.LogError("Digest {DeliveryId} was sent but could not be marked sent: its row changed meanwhile", sent.Id);
        }
    }

    /// <summary>A due delivery read with its subscription (null: deleted meanwhile), and its message when the subscription is active.</summary>
    private sealed record Composed(int DeliveryId, Delivery? Delivery, MimeMessage? Message);

    /// <summary>
    /// Reads and composes the due deliveries, <see cref="ReadTogether"/> at a time, on a scope (and database context) of
    /// its own; claims nothing.
    /// </summary>
    private async Task ComposeAsync(List<int> due, ChannelWriter<Composed> writer, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var reads = scope.ServiceProvider.GetRequiredService<PaperFeedDbContext>();
            var contents = scope.ServiceProvider.GetRequiredService<DigestContents>();
            await reads.Database.OpenConnectionAsync(cancellationToken);
            foreach (var chunk in due.Chunk(ReadTogether))
            {
                // Everything that can fail for reasons of our own happens before the claim, so that it never strands a row.
                var deliveries = await reads.Deliveries.AsNoTracking().Include(d => d.Subscription)
                    .Where(d => chunk.Contains(d.Id))
                    .ToDictionaryAsync(d => d.Id, cancellationToken);
                var messages = await contents.MessagesAsync(
                    [.. deliveries.Values.Where(d => d.Subscription.Status == SubscriptionStatus.Active)], cancellationToken);
                foreach (var deliveryId in chunk)
                {
                    await writer.WriteAsync(new Composed(deliveryId, deliveries.GetValueOrDefault(deliveryId), messages.GetValueOrDefault(deliveryId)), cancellationToken);
                }
            }

            writer.Complete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
    }

    /// <summary>
    /// Claims and sends one composed delivery, marking the one sent before in the claim's transaction; its own mark
    /// waits for the next claim. True when the connection was lost and the batch needs a new one.
    /// </summary>
    private async Task<bool> SendOneAsync(IMailBatch batch, Composed composed, Unmarked unmarked, DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        var (deliveryId, delivery, message) = composed;
        if (delivery is null)
        {
            return false; // deleted with its subscription meanwhile
        }

        if (message is null)
        {
            await MarkAsync(unmarked, report);
            await transitions.SkipAsync(deliveryId, now, $"subscription became {delivery.Subscription.Status.ToString().ToLowerInvariant()} before sending", cancellationToken);
            return false;
        }

        bool claimed;
        if (unmarked.Delivery is { } sent)
        {
            (var marked, claimed) = await transitions.SentThenClaimAsync(sent.Id, unmarked.SentAt, deliveryId, now, clock.GetUtcNow().UtcDateTime);
            unmarked.Clear();
            Marked(sent, marked, report);
        }
        else
        {
            claimed = await transitions.ClaimAsync(deliveryId, now, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }

        if (!claimed)
        {
            report.TakenByOthers++;
            return false; // another worker has it
        }

        var attempts = delivery.Attempts + 1;
        try
        {
            await batch.SendAsync(message, cancellationToken);
        }
        catch (MailDeliveryException e)
        {
            await NotSentAsync(delivery, attempts, e, now, report);
            return e.ConnectionLost;
        }
        catch (Exception e)
        {
            // Not a mail server's answer (shutdown, a bug): nothing was handed over, so the row goes back to waiting.
            await transitions.RetryAsync(deliveryId, now, e.Message);
            throw;
        }

        unmarked.Sent(delivery, clock.GetUtcNow().UtcDateTime);
        report.Sent++;
        report.Outcomes[delivery.SubscriptionId] = "sent";
        logger.LogInformation("Sent digest {Edition} to subscription {SubscriptionId} (delivery {DeliveryId})", delivery.Edition, delivery.SubscriptionId, delivery.Id);
        return false;
    }

    /// <summary>The mail server's no: maybe delivered (never resent), rejected for good, out of attempts, or to retry later.</summary>
    private async Task NotSentAsync(Delivery delivery, int attempts, MailDeliveryException error, DateTime now, DigestReport report)
    {
        if (error.Ambiguous)
        {
            await transitions.InterruptAsync(delivery.Id, error.Message);
            report.Outcomes[delivery.SubscriptionId] = "interrupted: the mail server may or may not have it, so it is not resent";
            report.Problems.Add(Problem(delivery, $"{error.Message}; not resent, to avoid a duplicate"));
            logger.LogError("Digest {DeliveryId} may or may not have reached the mail server: not resent ({Error})", delivery.Id, EmailAddresses.RedactAll(error.Message));
        }
        else if (error.Permanent)
        {
            await transitions.FailAsync(delivery.Id, error.Message);
            await db.Subscriptions.Where(s => s.Id == delivery.SubscriptionId).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Status, SubscriptionStatus.Suppressed)
                    .SetProperty(x => x.SuppressedAt, now)
                    .SetProperty(x => x.SuppressionReason, error.Message),
                CancellationToken.None);
            report.Failed++;
            report.Outcomes[delivery.SubscriptionId] = $"not sent: rejected for good, address suppressed ({error.Message})";
            report.Problems.Add(Problem(delivery, $"rejected, address suppressed: {error.Message}"));
            logger.LogWarning("Digest {DeliveryId} rejected for good; subscription {SubscriptionId} suppressed: {Error}", delivery.Id, delivery.SubscriptionId, EmailAddresses.RedactAll(error.Message));
        }
        else if (OutOfAttempts(attempts))
        {
            await transitions.FailAsync(delivery.Id, $"gave up after {attempts} attempts: {error.Message}");
            report.Failed++;
            report.Outcomes[delivery.SubscriptionId] = $"not sent: failed after {attempts} attempts ({error.Message})";
            report.Problems.Add(Problem(delivery, $"failed after {attempts} attempts: {error.Message}"));
            logger.LogError("Digest {DeliveryId} failed after {Attempts} attempts: {Error}", delivery.Id, attempts, EmailAddresses.RedactAll(error.Message));
        }
        else
        {
            var next = now + DeliveryTransitions.Backoff(attempts);
            await transitions.RetryAsync(delivery.Id, next, error.Message);
            report.Retrying++;
            report.Outcomes[delivery.SubscriptionId] = $"not sent, to retry after {next:yyyy-MM-dd HH:mm} UTC ({error.Message})";
            logger.LogWarning("Digest {DeliveryId} not sent (attempt {Attempts}), retrying after {Next:u}: {Error}", delivery.Id, attempts, next, EmailAddresses.RedactAll(error.Message));
        }
    }

    /// <summary>The mail server cannot be reached: every due delivery counts an attempt and waits (or fails when out of attempts).</summary>
    private async Task DeferAsync(List<int> ids, string error, DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        var rows = await transitions.Claimable(now).AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.SubscriptionId, d.Edition, d.Attempts })
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var attempts = row.Attempts + 1;
            var failed = OutOfAttempts(attempts);
            if (!await transitions.DeferAsync(row.Id, row.Attempts, now, error, giveUp: failed))
            {
                continue;
            }

            if (failed)
            {
                report.Failed++;
                report.Outcomes[row.SubscriptionId] = $"not sent: failed after {attempts} attempts ({error})";
                report.Problems.Add($"delivery {row.Id} ({row.Edition}): failed after {attempts} attempts: {error}");
            }
            else
            {
                report.Retrying++;
                report.Outcomes[row.SubscriptionId] = $"not sent, to retry after {now + DeliveryTransitions.Backoff(attempts):yyyy-MM-dd HH:mm} UTC ({error})";
            }
        }
    }

    private bool OutOfAttempts(int attempts) => attempts >= Math.Max(1, emailOptions.Value.MaxAttempts);

    private static string Problem(Delivery delivery, string what) =>
        $"delivery {delivery.Id} ({delivery.Edition}) to {EmailAddresses.Redact(delivery.Subscription.Email)}: {what}";
}
