using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Mail;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>
/// Sends the claimable deliveries over one mail connection: composes each, claims it right before handing it over and
/// marks it right after, through <see cref="DeliveryTransitions"/>. A lost connection is opened again; a server that
/// cannot be reached defers every delivery left.
/// </summary>
public sealed class DigestSender(
    PaperFeedDbContext db,
    DeliveryTransitions transitions,
    DigestContents contents,
    IMailTransport transport,
    IOptions<EmailOptions> emailOptions,
    TimeProvider clock,
    Rendezvous rendezvous,
    ILogger<DigestSender> logger)
{
    public async Task SendDueAsync(DateTime now, DigestReport report, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var due = await transitions.Claimable(now).AsNoTracking()
            .OrderBy(d => d.Id)
            .Select(d => d.Id)
            .ToListAsync(cancellationToken);
        await rendezvous.ReachAsync(Rendezvous.DigestsClaimable, cancellationToken);

        IMailBatch? batch = null;
        try
        {
            for (var i = 0; i < due.Count; i++)
            {
                if (batch is null)
                {
                    try
                    {
                        batch = await transport.OpenAsync(cancellationToken);
                    }
                    catch (MailDeliveryException e)
                    {
                        logger.LogError("Cannot send digests: {Error}", e.Message);
                        await DeferAsync(due.Skip(i).ToList(), e.Message, now, report, cancellationToken);
                        return;
                    }
                }

                var lost = await SendOneAsync(batch, due[i], now, report, cancellationToken);
                progress?.Report((i + 1, due.Count));
                if (lost)
                {
                    await batch.DisposeAsync();
                    batch = null;
                }
            }
        }
        finally
        {
            if (batch is not null)
            {
                await batch.DisposeAsync();
            }
        }
    }

    /// <summary>Composes, claims, sends and marks one delivery. True when the connection was lost and the batch needs a new one.</summary>
    private async Task<bool> SendOneAsync(IMailBatch batch, int deliveryId, DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        // Everything that can fail for reasons of our own happens before the claim, so that it never strands a row.
        var delivery = await db.Deliveries.AsNoTracking().Include(d => d.Subscription).SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
        {
            return false; // deleted with its subscription meanwhile
        }

        if (delivery.Subscription.Status != SubscriptionStatus.Active)
        {
            await transitions.SkipAsync(deliveryId, now, $"subscription became {delivery.Subscription.Status.ToString().ToLowerInvariant()} before sending", cancellationToken);
            return false;
        }

        var message = await contents.MessageAsync(delivery, cancellationToken);
        if (!await transitions.ClaimAsync(deliveryId, now, clock.GetUtcNow().UtcDateTime, cancellationToken))
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

        if (!await transitions.SentAsync(deliveryId, clock.GetUtcNow().UtcDateTime))
        {
            report.Problems.Add($"delivery {deliveryId} ({delivery.Edition}) was sent, but its row was no longer 'sending' (a lease ran out?): check it");
            logger.LogError("Digest {DeliveryId} was sent but could not be marked sent: its row changed meanwhile", deliveryId);
        }

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
