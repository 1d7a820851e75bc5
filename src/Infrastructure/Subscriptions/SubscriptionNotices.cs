using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Mail;

namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>
/// Sends the notices subscribe requests asked for (<see cref="Subscription.NoticeDueAt"/>): a confirmation (the same
/// link again while a pending one has not expired), or the manage link for an address that is subscribed already.
/// Each is claimed first with one guarded update, so that several processes sending at once send it once; a claim
/// left by a sender that stopped is taken over after <see cref="ClaimTimeout"/> (a crash between the mail server's
/// acceptance and the mark may then send it twice: a second copy of a confirmation, never of a digest). A temporary
/// failure is tried again after 1, 2, 4 and 8 minutes.
/// </summary>
public sealed class SubscriptionNotices(
    PaperFeedDbContext db,
    MailComposer composer,
    IMailTransport transport,
    LinkBuilder links,
    SubscriptionTokens tokens,
    TimeProvider clock,
    ILogger<SubscriptionNotices> logger)
{
    public const int MaxAttempts = 5;

    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt: 1, 2, 4, 8 minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(1 << Math.Clamp(attempts - 1, 0, 10));

    /// <summary>Sends every notice that is due and not taken by another sender; returns what became of each.</summary>
    public async Task<IReadOnlyList<(int SubscriptionId, NoticeOutcome Outcome)>> SendDueAsync(CancellationToken cancellationToken)
    {
        var results = new List<(int, NoticeOutcome)>();
        var seen = new HashSet<int>();
        IMailBatch? batch = null;
        try
        {
            while (true)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var unclaimed = DueAndUnclaimed(now);
                var due = await db.Subscriptions.AsNoTracking()
                    .Where(unclaimed)
                    .Where(s => !seen.Contains(s.Id))
                    .OrderBy(s => s.NoticeDueAt)
                    .Select(s => (int?)s.Id)
                    .FirstOrDefaultAsync(cancellationToken);
                if (due is not { } id)
                {
                    return results;
                }

                seen.Add(id);
                // The same condition again, in the update itself: only one sender's update finds the row still unclaimed.
                var claimed = await db.Subscriptions
                    .Where(s => s.Id == id)
                    .Where(unclaimed)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.NoticeClaimedAt, now), cancellationToken);
                if (claimed == 0)
                {
                    continue; // another sender took it
                }

                var (outcome, connectionLost) = await SendAsync(id, now, batch ??= await OpenOrNullAsync(cancellationToken), cancellationToken);
                results.Add((id, outcome));
                if (connectionLost && batch is not null)
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

    /// <summary>A notice that is due at <paramref name="now"/> and that no sender holds (or one that stopped long ago).</summary>
    private static Expression<Func<Subscription, bool>> DueAndUnclaimed(DateTime now)
    {
        var stale = now - ClaimTimeout;
        return s => s.NoticeDueAt != null && s.NoticeDueAt <= now && (s.NoticeClaimedAt == null || s.NoticeClaimedAt < stale);
    }

    private async Task<IMailBatch?> OpenOrNullAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await transport.OpenAsync(cancellationToken);
        }
        catch (MailDeliveryException e)
        {
            logger.LogWarning("Cannot send subscription notices now: {Error}", e.Message);
            return null;
        }
    }

    private async Task<(NoticeOutcome Outcome, bool ConnectionLost)> SendAsync(int id, DateTime now, IMailBatch? batch, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var subscription = await db.Subscriptions.FirstAsync(s => s.Id == id, cancellationToken);
        if (subscription.Status == SubscriptionStatus.Suppressed)
        {
            await DoneAsync(subscription, sent: false, cancellationToken);
            logger.LogInformation("Notice for subscription {SubscriptionId} dropped: the address is suppressed", id);
            return (NoticeOutcome.Dropped, false);
        }

        MimeMessage message;
        NoticeOutcome outcome;
        if (subscription.Status == SubscriptionStatus.Active)
        {
            message = composer.AlreadySubscribed(subscription.Email, links.Subscription(subscription.PublicId).ManageUrl);
            outcome = NoticeOutcome.AlreadySubscribedNoticeSent;
        }
        else
        {
            var (token, expires) = ConfirmationLink(subscription, now);
            subscription.Status = SubscriptionStatus.Pending;
            subscription.ConfirmationTokenHash = SubscriptionTokens.HashToken(token);
            subscription.ConfirmationExpiresAt = expires;
            subscription.ConfirmationSentAt = now;
            await db.SaveChangesAsync(cancellationToken);
            message = composer.Confirmation(subscription.Email, links.Confirm(token), expires);
            outcome = NoticeOutcome.ConfirmationSent;
        }

        try
        {
            if (batch is null)
            {
                throw new MailDeliveryException("the mail server cannot be reached", permanent: false, connectionLost: true);
            }

            await batch.SendAsync(message, cancellationToken);
        }
        catch (MailDeliveryException e)
        {
            return (await FailedAsync(subscription, e, now, cancellationToken), e.ConnectionLost);
        }

        await DoneAsync(subscription, sent: true, cancellationToken);
        logger.LogInformation("Subscription notice for {Address}: {Outcome} (subscription {SubscriptionId})", EmailAddresses.Redact(subscription.Email), outcome, id);
        return (outcome, false);
    }

    /// <summary>
    /// The link a confirmation carries: while a pending request's link has not expired, the same one again, so that
    /// subscribing someone's address again cannot void the link in the mail they already have; otherwise (new,
    /// unsubscribed, expired, or a link no longer made from this key and public id) a new one, stored before the mail
    /// goes out. The expiry is kept to whole seconds: the token is made from it, and PostgreSQL keeps microseconds only.
    /// </summary>
    private (string Token, DateTime Expires) ConfirmationLink(Subscription subscription, DateTime now)
    {
        if (subscription is { Status: SubscriptionStatus.Pending, ConfirmationTokenHash: { } stored, ConfirmationExpiresAt: { } pending } && pending >= now)
        {
            var again = tokens.Confirmation(subscription.PublicId, pending);
            if (SubscriptionTokens.HashToken(again) == stored)
            {
                return (again, pending);
            }
        }

        var expires = now + SubscriptionService.ConfirmationLifetime;
        expires = new DateTime(expires.Ticks - (expires.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        return (tokens.Confirmation(subscription.PublicId, expires), expires);
    }

    private async Task<NoticeOutcome> FailedAsync(Subscription subscription, MailDeliveryException error, DateTime now, CancellationToken cancellationToken)
    {
        if (error.Permanent)
        {
            await DoneAsync(subscription, sent: false, cancellationToken);
            logger.LogWarning("Notice for subscription {SubscriptionId} refused for good by the mail server: {Error}", subscription.Id, EmailAddresses.RedactAll(error.Message));
            return NoticeOutcome.Dropped;
        }

        var attempts = subscription.NoticeAttempts + 1;
        if (attempts >= MaxAttempts)
        {
            await DoneAsync(subscription, sent: false, cancellationToken);
            logger.LogError("Notice for subscription {SubscriptionId} not sent after {Attempts} attempts, dropped (the person may ask again): {Error}", subscription.Id, attempts, EmailAddresses.RedactAll(error.Message));
            return NoticeOutcome.GaveUp;
        }

        subscription.NoticeAttempts = attempts;
        subscription.NoticeClaimedAt = null;
        subscription.NoticeDueAt = now + Backoff(attempts);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogWarning("Notice for subscription {SubscriptionId} not sent (attempt {Attempts} of {MaxAttempts}), trying again at {NextAttempt:u}: {Error}",
            subscription.Id, attempts, MaxAttempts, subscription.NoticeDueAt, EmailAddresses.RedactAll(error.Message));
        return NoticeOutcome.WillRetry;
    }

    private async Task DoneAsync(Subscription subscription, bool sent, CancellationToken cancellationToken)
    {
        subscription.NoticeDueAt = null;
        subscription.NoticeClaimedAt = null;
        subscription.NoticeAttempts = 0;
        if (sent)
        {
            subscription.LastNoticeSentAt = clock.GetUtcNow().UtcDateTime;
        }

        await db.SaveChangesAsync(sent ? CancellationToken.None : cancellationToken); // a sent mail is always recorded
    }
}
