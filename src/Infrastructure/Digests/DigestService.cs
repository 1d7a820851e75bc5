using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>
/// Plans and sends digests; the one path shared by the recurring job and <c>digests send</c>.
/// Exactly once: a delivery row, unique per (subscription, edition), is written with its papers before anything is
/// sent; a worker claims a row atomically (Pending → Sending) right before handing it to the mail server and marks it
/// Sent right after. A temporary failure goes back to RetryWait with backoff, a permanent one to Failed. A row left in
/// Sending by a worker that died becomes Interrupted: reported, never resent blindly.
/// </summary>
public sealed class DigestService(
    DigestPlanning planning,
    DigestSender sender,
    DeliveryTransitions transitions,
    TimeProvider clock,
    ILogger<DigestService> logger)
{
    public async Task<DigestReport> RunAsync(DigestRunOptions options, CancellationToken cancellationToken)
    {
        var report = new DigestReport();
        var now = clock.GetUtcNow();
        if (!options.DryRun)
        {
            await MarkInterruptedAsync(now.UtcDateTime, report, cancellationToken);
        }

        await planning.PlanAsync(now, options, report, cancellationToken);
        if (!options.DryRun)
        {
            if (options.RetryNow)
            {
                var waiting = await transitions.RetryNowAsync(now.UtcDateTime, cancellationToken);
                logger.LogInformation("Retrying {Count} deliveries now instead of at their next attempt", waiting);
            }

            await sender.SendDueAsync(now.UtcDateTime, report, options.Progress, cancellationToken);
            report.Waiting = await transitions.Waiting().CountAsync(cancellationToken);
        }

        logger.LogInformation(
            "Digest run: {Planned} planned, {Skipped} skipped, {Sent} sent, {TakenByOthers} sent by another worker, {Retrying} to retry, {Failed} failed",
            report.Planned.Count, report.Skipped.Count, report.Sent, report.TakenByOthers, report.Retrying, report.Failed);
        return report;
    }

    /// <summary>Rows a dead worker left in Sending: the mail server may have them, so they are reported, not resent.</summary>
    private async Task MarkInterruptedAsync(DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        var stale = await transitions.Stale(now).AsNoTracking()
            .Select(d => new { d.Id, d.Edition, d.ClaimedAt })
            .ToListAsync(cancellationToken);
        foreach (var row in stale)
        {
            if (await transitions.InterruptStaleAsync(row.Id, row.ClaimedAt, cancellationToken))
            {
                report.Problems.Add($"delivery {row.Id} ({row.Edition}): interrupted while sending; check and resend by hand if needed");
                logger.LogError("Digest {DeliveryId} ({Edition}) was interrupted while sending: not resent, to avoid a duplicate", row.Id, row.Edition);
            }
        }
    }
}
