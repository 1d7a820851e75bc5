using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>
/// The one place that changes a delivery's status. Each transition is one UPDATE guarded by the status it leaves, so
/// that when two workers try the same row only one wins; each says whether it took effect. The legal moves:
/// claimable (Pending, or RetryWait once its wait is over) → Sending (the claim), Skipped, or RetryWait/Failed when the
/// mail server cannot be reached; Sending → Sent, RetryWait, Failed or Interrupted; Sending past its lease → Interrupted.
/// </summary>
public sealed class DeliveryTransitions(PaperFeedDbContext db)
{
    /// <summary>How long a claimed delivery may stay in Sending before it counts as interrupted.</summary>
    public static readonly TimeSpan SendingLease = TimeSpan.FromMinutes(10);

    /// <summary>The wait before attempt n+1 after n failed attempts.</summary>
    public static TimeSpan Backoff(int failedAttempts) => failedAttempts switch
    {
        <= 1 => TimeSpan.FromMinutes(5),
        2 => TimeSpan.FromMinutes(15),
        3 => TimeSpan.FromHours(1),
        4 => TimeSpan.FromHours(3),
        _ => TimeSpan.FromHours(6),
    };

    /// <summary>The deliveries a worker may take at <paramref name="now"/>: Pending, or RetryWait whose wait is over.</summary>
    public IQueryable<Delivery> Claimable(DateTime now) => db.Deliveries.Where(IsClaimable(now));

    /// <summary>Deliveries waiting for their next attempt (RetryWait), due or not.</summary>
    public IQueryable<Delivery> Waiting() => db.Deliveries.Where(d => d.Status == DeliveryStatus.RetryWait);

    /// <summary>Deliveries claimed longer than <see cref="SendingLease"/> ago and never marked: their worker stopped.</summary>
    public IQueryable<Delivery> Stale(DateTime now)
    {
        var cutoff = now - SendingLease;
        return db.Deliveries.Where(d => d.Status == DeliveryStatus.Sending && d.ClaimedAt < cutoff);
    }

    /// <summary>The claim: only one worker moves a claimable row to Sending, counting the attempt.</summary>
    public async Task<bool> ClaimAsync(int deliveryId, DateTime now, DateTime claimedAt, CancellationToken cancellationToken) =>
        await ClaimableRow(deliveryId, now).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.ClaimedAt, claimedAt).SetProperty(d => d.Attempts, d => d.Attempts + 1),
            cancellationToken) == 1;

    /// <summary>
    /// <see cref="SentAsync"/> for the row sent last and <see cref="ClaimAsync"/> for the next, in one transaction: a
    /// worker sending many digests commits once a digest instead of twice. The claim still commits before the next
    /// message is handed over; the mark waits for it, so a worker that dies in between leaves the sent row in Sending,
    /// which is reported as interrupted and never resent, as it would be had it died between the send and its own mark.
    /// Never cancelled: the mark must not be lost to a cancelled claim.
    /// </summary>
    public async Task<(bool Marked, bool Claimed)> SentThenClaimAsync(int sentId, DateTime sentAt, int deliveryId, DateTime now, DateTime claimedAt)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var marked = await SentAsync(sentId, sentAt);
        var claimed = await ClaimAsync(deliveryId, now, claimedAt, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return (marked, claimed);
    }

    /// <summary>A claimable row that will not be sent after all (its subscription left meanwhile).</summary>
    public async Task<bool> SkipAsync(int deliveryId, DateTime now, string reason, CancellationToken cancellationToken) =>
        await ClaimableRow(deliveryId, now).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Status, DeliveryStatus.Skipped).SetProperty(d => d.LastError, reason),
            cancellationToken) == 1;

    /// <summary>
    /// The mail server cannot be reached: the row counts an attempt without being claimed and waits, or fails when it
    /// is out of attempts. Guarded by the attempts it was read with: a row another worker took meanwhile is left alone.
    /// </summary>
    public async Task<bool> DeferAsync(int deliveryId, int attemptsRead, DateTime now, string error, bool giveUp)
    {
        var attempts = attemptsRead + 1;
        return await ClaimableRow(deliveryId, now).Where(d => d.Attempts == attemptsRead).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.Status, giveUp ? DeliveryStatus.Failed : DeliveryStatus.RetryWait)
                .SetProperty(d => d.NextAttemptAt, now + Backoff(attempts)),
            CancellationToken.None) == 1;
    }

    /// <summary>RetryWait → due now (the operator's <c>digests send --retry-now</c>, after mending the mail settings); the count.</summary>
    public Task<int> RetryNowAsync(DateTime now, CancellationToken cancellationToken) =>
        db.Deliveries.Where(d => d.Status == DeliveryStatus.RetryWait && d.NextAttemptAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now), cancellationToken);

    // What follows records what the mail server did with a claimed row: never cancelled, or the row would stay Sending.

    /// <summary>Sending → Sent: the mail server accepted it.</summary>
    public Task<bool> SentAsync(int deliveryId, DateTime sentAt) => FinishAsync(deliveryId, DeliveryStatus.Sent, null, sentAt);

    /// <summary>Sending → RetryWait: not handed over, to be tried again from <paramref name="nextAttemptAt"/>.</summary>
    public async Task<bool> RetryAsync(int deliveryId, DateTime nextAttemptAt, string error) =>
        await Sending(deliveryId).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Status, DeliveryStatus.RetryWait).SetProperty(d => d.NextAttemptAt, nextAttemptAt).SetProperty(d => d.LastError, error),
            CancellationToken.None) == 1;

    /// <summary>Sending → Failed: rejected for good, or out of attempts.</summary>
    public Task<bool> FailAsync(int deliveryId, string error) => FinishAsync(deliveryId, DeliveryStatus.Failed, error, null);

    /// <summary>Sending → Interrupted: the mail server may or may not have it, so it is never resent automatically.</summary>
    public Task<bool> InterruptAsync(int deliveryId, string error) => FinishAsync(deliveryId, DeliveryStatus.Interrupted, error, null);

    /// <summary>A stale Sending row → Interrupted; guarded by the claim it was read with, so a fresh claim is left alone.</summary>
    public async Task<bool> InterruptStaleAsync(int deliveryId, DateTime? claimedAt, CancellationToken cancellationToken)
    {
        var message = $"the worker stopped while sending (claimed {claimedAt:u}); the mail server may or may not have it, so it is not resent automatically";
        return await Sending(deliveryId).Where(d => d.ClaimedAt == claimedAt).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Status, DeliveryStatus.Interrupted).SetProperty(d => d.LastError, message),
            cancellationToken) == 1;
    }

    private static Expression<Func<Delivery, bool>> IsClaimable(DateTime now) =>
        d => d.Status == DeliveryStatus.Pending || (d.Status == DeliveryStatus.RetryWait && d.NextAttemptAt <= now);

    private IQueryable<Delivery> ClaimableRow(int deliveryId, DateTime now) => Claimable(now).Where(d => d.Id == deliveryId);

    private IQueryable<Delivery> Sending(int deliveryId) => db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Sending);

    private async Task<bool> FinishAsync(int deliveryId, DeliveryStatus status, string? error, DateTime? sentAt) =>
        await Sending(deliveryId).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Status, status).SetProperty(d => d.LastError, error).SetProperty(d => d.SentAt, sentAt),
            CancellationToken.None) == 1;
}
