using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Mail;

namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>Subscribing with double opt-in, confirming, preferences, leaving and deleting.</summary>
public sealed class SubscriptionService(
    PaperFeedDbContext db,
    SubscriptionTokens tokens,
    NoticeSignal signal,
    IOptions<SubscribeLimits> limits,
    PickupFolderMailTransport pickup,
    TimeProvider clock,
    ILogger<SubscriptionService> logger)
{
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan NoticeInterval = TimeSpan.FromMinutes(10);

    private const string ConsentMethod = "double opt-in: confirmation link emailed to the address and opened by its owner";

    /// <summary>
    /// Handles a subscribe request for a validated, normalized address: asks for a notice (a confirmation for a new,
    /// pending or unsubscribed address, the manage link for a subscribed one), at most one per address per 10 minutes
    /// and never for a suppressed one, and wakes the sender (<see cref="SubscriptionNotices"/>). It sends nothing
    /// itself and does the same work whatever the address's state: one count, one lookup (an insert for a new
    /// address), one guarded update, so that neither the time taken nor a mail server's answer tells anything about
    /// an address.
    /// </summary>
    public async Task<SubscribeOutcome> SubscribeAsync(string email, string? timeZone, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Before anything that depends on the address: the answer is the same for every one.
        var hourAgo = now - TimeSpan.FromHours(1);
        if (await db.Subscriptions.CountAsync(s => s.LastNoticeSentAt > hourAgo || s.NoticeDueAt != null, cancellationToken) >= limits.Value.SubscribeMailsPerHour)
        {
            logger.LogWarning("Subscribe request refused: {Limit} addresses were emailed from the subscribe form in the last hour (Api:SubscribeMailsPerHour)", limits.Value.SubscribeMailsPerHour);
            return SubscribeOutcome.SiteLimited;
        }

        var subscription = await FindOrCreateAsync(email, timeZone, now, cancellationToken);

        // Atomic, so that two requests at once cannot both ask; the conditions are the database's, not this process's.
        var cutoff = now - NoticeInterval;
        var requested = await db.Subscriptions
            .Where(s => s.Id == subscription.Id && s.Status != SubscriptionStatus.Suppressed && s.NoticeDueAt == null
                && (s.LastNoticeSentAt == null || s.LastNoticeSentAt < cutoff))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.NoticeDueAt, now).SetProperty(x => x.NoticeAttempts, 0), cancellationToken);
        signal.Wake();

        var outcome = requested == 1 ? SubscribeOutcome.NoticeRequested
            : subscription.Status == SubscriptionStatus.Suppressed ? SubscribeOutcome.Suppressed
            : SubscribeOutcome.RateLimited;
        logger.LogInformation("Subscribe request for {Address}: {Outcome} (subscription {SubscriptionId})", EmailAddresses.Redact(email), outcome, subscription.Id);
        return outcome;
    }

    private async Task<Subscription> FindOrCreateAsync(string email, string? timeZone, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.Subscriptions.FirstOrDefaultAsync(s => s.Email == email, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var subscription = new Subscription
        {
            PublicId = SubscriptionTokens.NewPublicId(),
            Email = email,
            Status = SubscriptionStatus.Pending,
            CreatedAt = now,
        };
        subscription.Preferences.TimeZone = DigestSchedule.IsKnownZone(timeZone) ? timeZone! : "UTC";
        db.Subscriptions.Add(subscription);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return subscription;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Another request created it a moment ago (unique address): use that one.
            db.ChangeTracker.Clear();
            return await db.Subscriptions.FirstAsync(s => s.Email == email, cancellationToken);
        }
    }

    /// <summary>
    /// What the confirmation link carrying <paramref name="token"/> would do; with <paramref name="apply"/>, does it
    /// (activates the subscription). The page asks for a click before applying: mail scanners open links too.
    /// </summary>
    public async Task<(ConfirmOutcome Outcome, Subscription? Subscription)> ConfirmAsync(string? token, bool apply, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return (ConfirmOutcome.Unknown, null);
        }

        var hash = SubscriptionTokens.HashToken(token);
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.ConfirmationTokenHash == hash, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (subscription is null)
        {
            return (ConfirmOutcome.Unknown, null);
        }

        if (subscription.Status != SubscriptionStatus.Pending)
        {
            return (ConfirmOutcome.Unknown, null);
        }

        if (subscription.ConfirmationExpiresAt is not { } expires || expires < now)
        {
            return (ConfirmOutcome.Expired, null);
        }

        if (!apply)
        {
            return (ConfirmOutcome.Confirmed, subscription);
        }

        subscription.Status = SubscriptionStatus.Active;
        subscription.ConfirmedAt = now;
        subscription.ConsentMethod = ConsentMethod;
        subscription.ConfirmationTokenHash = null; // a confirmation link works once
        subscription.UnsubscribedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Subscription {SubscriptionId} confirmed", subscription.Id);
        return (ConfirmOutcome.Confirmed, subscription);
    }

    /// <summary>The subscription a manage or unsubscribe link points at, or null when the link is wrong.</summary>
    public Task<Subscription?> FindAsync(string? token, string purpose, CancellationToken cancellationToken)
    {
        var publicId = tokens.Verify(token, purpose);
        return publicId is null
            ? Task.FromResult<Subscription?>(null)
            : db.Subscriptions.FirstOrDefaultAsync(s => s.PublicId == publicId, cancellationToken);
    }

    public async Task SavePreferencesAsync(Subscription subscription, DigestPreferences preferences, CancellationToken cancellationToken)
    {
        subscription.Preferences = preferences;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Subscription {SubscriptionId} changed its preferences", subscription.Id);
    }

    /// <summary>Stops all mail to the subscription at once. Idempotent.</summary>
    public async Task UnsubscribeAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        if (subscription.Status is SubscriptionStatus.Active or SubscriptionStatus.Pending)
        {
            subscription.Status = SubscriptionStatus.Unsubscribed;
            subscription.UnsubscribedAt = clock.GetUtcNow().UtcDateTime;
            subscription.ConfirmationTokenHash = null;
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Subscription {SubscriptionId} unsubscribed", subscription.Id);
        }
    }

    /// <summary>Comes back from the manage page: the link proves the address, so no new confirmation is needed.</summary>
    public async Task ResubscribeAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        if (subscription.Status == SubscriptionStatus.Unsubscribed && subscription.ConfirmedAt is not null)
        {
            subscription.Status = SubscriptionStatus.Active;
            subscription.UnsubscribedAt = null;
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Subscription {SubscriptionId} re-subscribed", subscription.Id);
        }
    }

    /// <summary>How long an expired, never-confirmed request is kept (its link says "expired" meanwhile), then deleted.</summary>
    public static readonly TimeSpan UnconfirmedRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// Deletes the addresses that asked to subscribe and never confirmed, <see cref="UnconfirmedRetention"/> after their
    /// link expired: without consent there is no reason to keep them. Addresses that once confirmed are kept (their
    /// consent is on record), and so is anything with a notice still due.
    /// </summary>
    public async Task<int> PurgeUnconfirmedAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - ConfirmationLifetime - UnconfirmedRetention;
        var deleted = await db.Subscriptions
            .Where(s => s.Status == SubscriptionStatus.Pending && s.ConfirmedAt == null && s.NoticeDueAt == null
                && (s.ConfirmationSentAt ?? s.CreatedAt) < before)
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} never-confirmed subscribe requests older than {Days} days", deleted, (ConfirmationLifetime + UnconfirmedRetention).TotalDays);
        }

        return deleted;
    }

    /// <summary>
    /// The hourly housekeeping of this process's pickup folder: deletes the messages past their retention, and those to
    /// an address no subscription has any more. "Delete all my data" cleans the folder of the process that answered
    /// it; with several processes, each with a folder of its own, the others' copies go here within the hour.
    /// </summary>
    public async Task<int> CleanPickupFolderAsync(CancellationToken cancellationToken)
    {
        var deleted = pickup.DeleteExpired();
        if (!pickup.HasMessages())
        {
            return deleted;
        }

        // Only while the folder holds messages (the transport in use, or files from before a move to SMTP).
        var known = (await db.Subscriptions.AsNoTracking().Select(s => s.Email).ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var orphaned = pickup.DeleteAddressedToNoneOf(known);
        if (orphaned > 0)
        {
            logger.LogInformation("Deleted {Count} messages in the pickup folder to addresses whose data was deleted or whose request expired", orphaned);
        }

        return deleted + orphaned;
    }

    /// <summary>
    /// Gives the subscription a new public id: every link derived from the old one (manage, unsubscribe, the personal
    /// feed, in every email sent so far) stops working at once, for someone whose links were forwarded or leaked.
    /// </summary>
    public async Task ResetLinksAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        subscription.PublicId = SubscriptionTokens.NewPublicId();
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Subscription {SubscriptionId} reset its links", subscription.Id);
    }

    /// <summary>
    /// Deletes the subscription and everything about it: its deliveries (they cascade) and the messages to its address
    /// in this process's pickup folder (they hold the address and its links), whichever transport is in use now.
    /// </summary>
    public async Task DeleteAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        db.Subscriptions.Remove(subscription);
        await db.SaveChangesAsync(cancellationToken);
        var files = pickup.DeleteAddressedTo(subscription.Email);
        logger.LogInformation("Subscription {SubscriptionId} deleted with all its data ({Files} messages in the pickup folder)", subscription.Id, files);
    }
}
