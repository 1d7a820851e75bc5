using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>
/// Plans and sends digests; the one path shared by the recurring job and <c>digests send</c>.
/// Exactly once: a delivery row, unique per (subscription, edition), is written with its papers before anything is
/// sent; a worker claims a row atomically (Pending → Sending) right before handing it to the mail server and marks it
/// Sent right after. A temporary failure goes back to RetryWait with backoff, a permanent one to Failed. A row left in
/// Sending by a worker that died becomes Interrupted: reported, never resent blindly.
/// </summary>
public sealed class DigestService(
    PaperFeedDbContext db,
    IMailTransport transport,
    MailComposer composer,
    LinkBuilder links,
    IOptions<EmailOptions> emailOptions,
    IOptions<DigestOptions> digestOptions,
    TimeProvider clock,
    ILogger<DigestService> logger)
{
    /// <summary>How long a claimed delivery may stay in Sending before it counts as interrupted.</summary>
    public static readonly TimeSpan SendingLease = TimeSpan.FromMinutes(10);

    private const int SqliteUniqueViolation = 2067; // SQLITE_CONSTRAINT_UNIQUE

    private static readonly DeliveryStatus[] CountsAsSent =
        [DeliveryStatus.Pending, DeliveryStatus.Sending, DeliveryStatus.Sent, DeliveryStatus.RetryWait, DeliveryStatus.Interrupted];

    /// <summary>The wait before attempt n+1 after n failed attempts.</summary>
    public static TimeSpan Backoff(int failedAttempts) => failedAttempts switch
    {
        <= 1 => TimeSpan.FromMinutes(5),
        2 => TimeSpan.FromMinutes(15),
        3 => TimeSpan.FromHours(1),
        4 => TimeSpan.FromHours(3),
        _ => TimeSpan.FromHours(6),
    };

    public async Task<DigestReport> RunAsync(DigestRunOptions options, CancellationToken cancellationToken)
    {
        var report = new DigestReport();
        var now = clock.GetUtcNow();
        if (!options.DryRun)
        {
            await MarkInterruptedAsync(now.UtcDateTime, report, cancellationToken);
        }

        await PlanAsync(now, options, report, cancellationToken);
        if (!options.DryRun)
        {
            await SendDueAsync(now.UtcDateTime, report, cancellationToken);
        }

        logger.LogInformation(
            "Digest run: {Planned} planned, {Skipped} skipped, {Sent} sent, {Retrying} to retry, {Failed} failed",
            report.Planned.Count, report.Skipped.Count, report.Sent, report.Retrying, report.Failed);
        return report;
    }

    private async Task PlanAsync(DateTimeOffset now, DigestRunOptions options, DigestReport report, CancellationToken cancellationToken)
    {
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Status == SubscriptionStatus.Active)
            .OrderBy(s => s.Id)
            .ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            return;
        }

        var days = await db.FeaturedEntries.Where(f => f.Source == SourceNames.HuggingFace)
            .Select(f => f.Date).Distinct().OrderByDescending(d => d).ToListAsync(cancellationToken);

        // Which edition each due subscriber should have now. Lists are per UTC day: a subscriber ahead of UTC (Tokyo at
        // 08:00 is 23:00 UTC the day before) must not get a day that ingestion is still filling.
        var utcToday = DateOnly.FromDateTime(now.UtcDateTime);
        var due = new List<(Subscription Subscription, Edition Edition)>();
        foreach (var subscription in subscriptions)
        {
            var decision = DigestSchedule.Check(subscription.Preferences, now, options.IgnoreTime);
            if (!decision.Due)
            {
                Skip(report, subscription, decision.Reason!, LogLevel.Debug);
                continue;
            }

            var before = decision.LocalToday < utcToday ? decision.LocalToday : utcToday;
            Edition? edition = subscription.Preferences.Frequency == DigestFrequency.Weekly
                ? Edition.Weekly(DigestSchedule.LastCompleteWeek(before))
                : days.FirstOrDefault(d => d < before) is var day && day != default
                    ? Edition.Daily(day)
                    : null;
            if (edition is null)
            {
                Skip(report, subscription, $"no papers before {before:yyyy-MM-dd} yet", LogLevel.Information);
                continue;
            }

            var maxAge = digestOptions.Value.MaxEditionAgeDays;
            if (edition.Frequency == DigestFrequency.Daily && edition.Period.Start < before.AddDays(-maxAge))
            {
                Skip(report, subscription, $"the latest papers are from {edition.Period.Start:yyyy-MM-dd}, more than {maxAge} days ago: is ingestion running?", LogLevel.Warning);
                continue;
            }

            due.Add((subscription, edition));
        }

        if (due.Count == 0)
        {
            return;
        }

        var ids = due.Select(d => d.Subscription.Id).ToList();
        var keys = due.Select(d => d.Edition.Key).Distinct().ToList();
        var existing = (await db.Deliveries.AsNoTracking()
                .Where(d => ids.Contains(d.SubscriptionId) && keys.Contains(d.Edition))
                .Select(d => new { d.SubscriptionId, d.Edition, d.Status })
                .ToListAsync(cancellationToken))
            .ToDictionary(d => (d.SubscriptionId, d.Edition), d => d.Status);
        // At most one daily digest per local day: a subscriber ahead of UTC could otherwise get one at their hour and
        // another when the next UTC day completes. A daily edition is the one whose period is a single day.
        var since = now.UtcDateTime.AddHours(-40);
        var recent = (await db.Deliveries.AsNoTracking()
                .Where(d => ids.Contains(d.SubscriptionId) && d.CreatedAt >= since && d.Status != DeliveryStatus.Skipped && d.PeriodStart == d.PeriodEnd)
                .Select(d => new { d.SubscriptionId, d.Edition, d.CreatedAt })
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.SubscriptionId);
        var alreadySent = (await db.Deliveries.AsNoTracking()
                .Where(d => ids.Contains(d.SubscriptionId) && CountsAsSent.Contains(d.Status))
                .Join(db.DeliveryPapers, d => d.Id, p => p.DeliveryId, (d, p) => new { d.SubscriptionId, p.PaperId })
                .ToListAsync(cancellationToken))
            .GroupBy(x => x.SubscriptionId)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(x => x.PaperId).ToHashSet());
        var candidates = new Dictionary<Period, IReadOnlyList<DigestCandidate>>();

        foreach (var (subscription, edition) in due)
        {
            if (existing.TryGetValue((subscription.Id, edition.Key), out var status))
            {
                Skip(report, subscription, $"already has edition {edition.Key} ({status.ToString().ToLowerInvariant()})", LogLevel.Debug);
                continue;
            }

            var zone = DigestSchedule.FindZone(subscription.Preferences.TimeZone);
            if (edition.Frequency == DigestFrequency.Daily
                && recent[subscription.Id].FirstOrDefault(d => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(d.CreatedAt, DateTimeKind.Utc), zone)) == DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime)) is { } today)
            {
                Skip(report, subscription, $"already had today's digest ({today.Edition})", LogLevel.Debug);
                continue;
            }

            if (!candidates.TryGetValue(edition.Period, out var papers))
            {
                papers = await CandidatesAsync(edition.Period, cancellationToken);
                candidates[edition.Period] = papers;
            }

            var (chosen, whyEmpty) = DigestSelector.Select(papers, subscription.Preferences, alreadySent.GetValueOrDefault(subscription.Id) ?? new HashSet<int>());
            if (chosen.Count == 0)
            {
                Skip(report, subscription, $"edition {edition.Key}: {whyEmpty}", LogLevel.Information);
            }
            else
            {
                report.Planned.Add(new PlannedDigest(subscription.Id, subscription.Email, edition.Key, [.. chosen.Select(c => $"{c.ArxivId} ({c.Upvotes}) {c.Title}")]));
            }

            if (!options.DryRun)
            {
                await InsertAsync(subscription, edition, chosen, whyEmpty, report, cancellationToken);
            }
        }
    }

    private async Task InsertAsync(Subscription subscription, Edition edition, IReadOnlyList<DigestCandidate> chosen, string? whyEmpty, DigestReport report, CancellationToken cancellationToken)
    {
        var delivery = new Delivery
        {
            SubscriptionId = subscription.Id,
            Edition = edition.Key,
            PeriodStart = edition.Period.Start,
            PeriodEnd = edition.Period.End,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            // An empty edition is recorded too, so that it is evaluated (and logged) once, not every run.
            Status = chosen.Count == 0 ? DeliveryStatus.Skipped : DeliveryStatus.Pending,
            LastError = whyEmpty,
            Papers = [.. chosen.Select((c, i) => new DeliveryPaper { PaperId = c.PaperId, Rank = i + 1, Upvotes = c.Upvotes })],
        };
        db.Deliveries.Add(delivery);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteUniqueViolation })
        {
            // The unique (subscription, edition) key: another worker planned this edition first. It sends it, not us.
            report.Planned.RemoveAll(p => p.SubscriptionId == subscription.Id);
            Skip(report, subscription, $"edition {edition.Key} was planned by another worker", LogLevel.Information);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<IReadOnlyList<DigestCandidate>> CandidatesAsync(Period period, CancellationToken cancellationToken)
    {
        var (start, end) = (period.Start, period.End);
        var rows = await db.PeriodTotals(SourceNames.HuggingFace, start, end)
            .Join(db.Papers, t => t.PaperId, p => p.Id, (t, p) => new { p.Id, p.ArxivId, p.Title, p.Abstract, p.Keywords, t.Upvotes })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new DigestCandidate(r.Id, r.ArxivId, r.Title, r.Abstract, r.Keywords, r.Upvotes))];
    }

    private async Task SendDueAsync(DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        var due = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending || (d.Status == DeliveryStatus.RetryWait && d.NextAttemptAt <= now))
            .OrderBy(d => d.Id)
            .Select(d => d.Id)
            .ToListAsync(cancellationToken);

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

    /// <summary>Prepares, claims, sends and marks one delivery. True when the connection was lost and the batch needs a new one.</summary>
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
            await db.Deliveries.Where(Claimable(deliveryId, now)).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Status, DeliveryStatus.Skipped).SetProperty(d => d.LastError, $"subscription became {delivery.Subscription.Status.ToString().ToLowerInvariant()} before sending"),
                cancellationToken);
            return false;
        }

        var message = composer.Digest(await ContentAsync(delivery, cancellationToken));

        // The claim: only one worker moves the row from Pending (or RetryWait, once its wait is over) to Sending.
        var claimedAt = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Deliveries.Where(Claimable(deliveryId, now)).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.ClaimedAt, claimedAt).SetProperty(d => d.Attempts, d => d.Attempts + 1),
            cancellationToken);
        if (claimed == 0)
        {
            return false; // another worker has it
        }

        var attempts = delivery.Attempts + 1;
        try
        {
            await batch.SendAsync(message, cancellationToken);
        }
        catch (MailDeliveryException e)
        {
            await FailAsync(delivery, attempts, e, now, report);
            return e.ConnectionLost;
        }
        catch (Exception e)
        {
            // Not a mail server's answer (shutdown, a bug): nothing was handed over, so the row goes back to waiting.
            await db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Sending).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Status, DeliveryStatus.RetryWait).SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.LastError, e.Message),
                CancellationToken.None);
            throw;
        }

        if (await FinishAsync(deliveryId, DeliveryStatus.Sent, null, clock.GetUtcNow().UtcDateTime) == 0)
        {
            report.Problems.Add($"delivery {deliveryId} ({delivery.Edition}) was sent, but its row was no longer 'sending' (a lease ran out?): check it");
            logger.LogError("Digest {DeliveryId} was sent but could not be marked sent: its row changed meanwhile", deliveryId);
        }

        report.Sent++;
        logger.LogInformation("Sent digest {Edition} to subscription {SubscriptionId} (delivery {DeliveryId})", delivery.Edition, delivery.SubscriptionId, delivery.Id);
        return false;
    }

    private static System.Linq.Expressions.Expression<Func<Delivery, bool>> Claimable(int deliveryId, DateTime now) =>
        d => d.Id == deliveryId && (d.Status == DeliveryStatus.Pending || (d.Status == DeliveryStatus.RetryWait && d.NextAttemptAt <= now));

    private async Task FailAsync(Delivery delivery, int attempts, MailDeliveryException error, DateTime now, DigestReport report)
    {
        if (error.Ambiguous)
        {
            await FinishAsync(delivery.Id, DeliveryStatus.Interrupted, error.Message, null);
            report.Problems.Add($"delivery {delivery.Id} ({delivery.Edition}) to {EmailAddresses.Redact(delivery.Subscription.Email)}: {error.Message}; not resent, to avoid a duplicate");
            logger.LogError("Digest {DeliveryId} may or may not have reached the mail server: not resent ({Error})", delivery.Id, error.Message);
        }
        else if (error.Permanent)
        {
            await FinishAsync(delivery.Id, DeliveryStatus.Failed, error.Message, null);
            await db.Subscriptions.Where(s => s.Id == delivery.SubscriptionId).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Status, SubscriptionStatus.Suppressed)
                    .SetProperty(x => x.SuppressedAt, now)
                    .SetProperty(x => x.SuppressionReason, error.Message),
                CancellationToken.None);
            report.Failed++;
            report.Problems.Add($"delivery {delivery.Id} ({delivery.Edition}) to {EmailAddresses.Redact(delivery.Subscription.Email)}: rejected, address suppressed: {error.Message}");
            logger.LogWarning("Digest {DeliveryId} rejected for good; subscription {SubscriptionId} suppressed: {Error}", delivery.Id, delivery.SubscriptionId, error.Message);
        }
        else if (attempts >= Math.Max(1, emailOptions.Value.MaxAttempts))
        {
            await FinishAsync(delivery.Id, DeliveryStatus.Failed, $"gave up after {attempts} attempts: {error.Message}", null);
            report.Failed++;
            report.Problems.Add($"delivery {delivery.Id} ({delivery.Edition}) to {EmailAddresses.Redact(delivery.Subscription.Email)}: failed after {attempts} attempts: {error.Message}");
            logger.LogError("Digest {DeliveryId} failed after {Attempts} attempts: {Error}", delivery.Id, attempts, error.Message);
        }
        else
        {
            var next = now + Backoff(attempts);
            await db.Deliveries.Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Sending).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Status, DeliveryStatus.RetryWait).SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.LastError, error.Message),
                CancellationToken.None);
            report.Retrying++;
            logger.LogWarning("Digest {DeliveryId} not sent (attempt {Attempts}), retrying after {Next:u}: {Error}", delivery.Id, attempts, next, error.Message);
        }
    }

    /// <summary>The mail server cannot be reached: every due delivery counts an attempt and waits (or fails when out of attempts).</summary>
    private async Task DeferAsync(List<int> ids, string error, DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        var rows = await db.Deliveries.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && (d.Status == DeliveryStatus.Pending || (d.Status == DeliveryStatus.RetryWait && d.NextAttemptAt <= now)))
            .Select(d => new { d.Id, d.Edition, d.Attempts })
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var attempts = row.Attempts + 1;
            var failed = attempts >= Math.Max(1, emailOptions.Value.MaxAttempts);
            // Guarded by the state it was read in: a row another worker took meanwhile is left alone.
            var updated = await db.Deliveries
                .Where(d => d.Id == row.Id && d.Attempts == row.Attempts && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.RetryWait))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(d => d.Attempts, attempts)
                        .SetProperty(d => d.LastError, error)
                        .SetProperty(d => d.Status, failed ? DeliveryStatus.Failed : DeliveryStatus.RetryWait)
                        .SetProperty(d => d.NextAttemptAt, now + Backoff(attempts)),
                    CancellationToken.None);
            if (updated == 0)
            {
                continue;
            }

            if (failed)
            {
                report.Failed++;
                report.Problems.Add($"delivery {row.Id} ({row.Edition}): failed after {attempts} attempts: {error}");
            }
            else
            {
                report.Retrying++;
            }
        }
    }

    private async Task MarkInterruptedAsync(DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        var cutoff = now - SendingLease;
        var stale = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Sending && d.ClaimedAt < cutoff)
            .Select(d => new { d.Id, d.Edition, d.ClaimedAt })
            .ToListAsync(cancellationToken);
        foreach (var row in stale)
        {
            var message = $"the worker stopped while sending (claimed {row.ClaimedAt:u}); the mail server may or may not have it, so it is not resent automatically";
            var updated = await db.Deliveries.Where(d => d.Id == row.Id && d.Status == DeliveryStatus.Sending && d.ClaimedAt == row.ClaimedAt).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Status, DeliveryStatus.Interrupted).SetProperty(d => d.LastError, message),
                cancellationToken);
            if (updated == 1)
            {
                report.Problems.Add($"delivery {row.Id} ({row.Edition}): interrupted while sending; check and resend by hand if needed");
                logger.LogError("Digest {DeliveryId} ({Edition}) was interrupted while sending: not resent, to avoid a duplicate", row.Id, row.Edition);
            }
        }
    }

    /// <summary>Moves a row out of Sending; the number of rows changed (0 when it was no longer Sending).</summary>
    private Task<int> FinishAsync(int deliveryId, DeliveryStatus status, string? error, DateTime? sentAt) =>
        db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Sending).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Status, status).SetProperty(d => d.LastError, error).SetProperty(d => d.SentAt, sentAt),
            CancellationToken.None);

    private async Task<DigestContent> ContentAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var papers = await db.DeliveryPapers.AsNoTracking()
            .Where(dp => dp.DeliveryId == delivery.Id)
            .Join(db.Papers, dp => dp.PaperId, p => p.Id, (dp, p) => new { dp.Rank, dp.Upvotes, p.ArxivId, p.Title, p.Authors, p.AiSummary, p.Abstract })
            .OrderBy(x => x.Rank)
            .ToListAsync(cancellationToken);
        var edition = Edition.Parse(delivery.Edition);
        var period = edition.Period;
        var subscription = delivery.Subscription;
        var own = links.Subscription(subscription.PublicId);
        var host = links.BaseUrl.Host;
        return new DigestContent(
            subscription.Email,
            $"digest-{delivery.Id}-{period.Slug}@{host}",
            period.Title,
            edition.IsWeekly,
            [.. papers.Select(p => new DigestPaper(p.Rank, p.ArxivId, p.Title, p.Authors, p.Upvotes, p.AiSummary ?? PaperText.Shorten(p.Abstract.Replace("\n\n", " ", StringComparison.Ordinal), 300), links.Paper(p.ArxivId)))],
            own.ManageUrl,
            own.UnsubscribeUrl,
            links.Home);
    }

    private void Skip(DigestReport report, Subscription subscription, string reason, LogLevel level)
    {
        report.Skipped.Add(new SkippedSubscriber(subscription.Id, subscription.Email, reason));
        logger.Log(level, "No digest for subscription {SubscriptionId} now: {Reason}", subscription.Id, reason);
    }
}
