using System.Globalization;
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
    SubscriptionTokens tokens,
    IOptions<EmailOptions> emailOptions,
    IOptions<DigestOptions> digestOptions,
    TimeProvider clock,
    ILogger<DigestService> logger)
{
    /// <summary>How long a claimed delivery may stay in Sending before it counts as interrupted.</summary>
    public static readonly TimeSpan SendingLease = TimeSpan.FromMinutes(10);

    private static readonly DeliveryStatus[] CountsAsSent =
        [DeliveryStatus.Pending, DeliveryStatus.Sending, DeliveryStatus.Sent, DeliveryStatus.RetryWait, DeliveryStatus.Interrupted];

    /// <summary>The wait before attempt n+1 after n failed attempts.</summary>
    public static TimeSpan Backoff(int failedAttempts) => failedAttempts switch
    {
        <= 1 => TimeSpan.FromMinutes(5),
        2 => TimeSpan.FromMinutes(15),
        3 => TimeSpan.FromHours(1),
        _ => TimeSpan.FromHours(3),
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

        // Which edition each due subscriber should have now.
        var due = new List<(Subscription Subscription, Edition Edition)>();
        foreach (var subscription in subscriptions)
        {
            var decision = DigestSchedule.Check(subscription.Preferences, now, options.IgnoreTime);
            if (!decision.Due)
            {
                Skip(report, subscription, decision.Reason!, LogLevel.Debug);
                continue;
            }

            Edition? edition = subscription.Preferences.Frequency == DigestFrequency.Weekly
                ? new Edition(DigestFrequency.Weekly, DigestSchedule.LastCompleteWeek(decision.LocalToday))
                : days.FirstOrDefault(d => d < decision.LocalToday) is var day && day != default
                    ? new Edition(DigestFrequency.Daily, Period.Containing(PeriodKind.Day, day))
                    : null;
            if (edition is null)
            {
                Skip(report, subscription, $"no papers before {decision.LocalToday:yyyy-MM-dd} yet", LogLevel.Information);
                continue;
            }

            var maxAge = digestOptions.Value.MaxEditionAgeDays;
            if (edition.Frequency == DigestFrequency.Daily && edition.Period.Start < decision.LocalToday.AddDays(-maxAge))
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
        catch (DbUpdateException)
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
        var rows = await db.FeaturedEntries
            .Where(f => f.Source == SourceNames.HuggingFace && f.Date >= start && f.Date <= end)
            .GroupBy(f => f.PaperId)
            .Select(g => new { PaperId = g.Key, Upvotes = g.Max(f => f.Upvotes) })
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

    /// <summary>Claims, sends and marks one delivery. True when the connection was lost and the batch needs a new one.</summary>
    private async Task<bool> SendOneAsync(IMailBatch batch, int deliveryId, DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        var claimed = await db.Deliveries
            .Where(d => d.Id == deliveryId && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.RetryWait))
            .ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.ClaimedAt, now).SetProperty(d => d.Attempts, d => d.Attempts + 1),
                cancellationToken);
        if (claimed == 0)
        {
            return false; // Another worker has it.
        }

        var delivery = await db.Deliveries.AsNoTracking().Include(d => d.Subscription).SingleAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery.Subscription.Status != SubscriptionStatus.Active)
        {
            await FinishAsync(deliveryId, DeliveryStatus.Skipped, $"subscription became {delivery.Subscription.Status.ToString().ToLowerInvariant()} before sending", null, cancellationToken);
            return false;
        }

        var message = composer.Digest(await ContentAsync(delivery, cancellationToken));
        try
        {
            await batch.SendAsync(message, cancellationToken);
        }
        catch (MailDeliveryException e)
        {
            await FailAsync(delivery, e, now, report, cancellationToken);
            return e.ConnectionLost;
        }

        await FinishAsync(deliveryId, DeliveryStatus.Sent, null, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        report.Sent++;
        logger.LogInformation("Sent digest {Edition} to subscription {SubscriptionId} (delivery {DeliveryId})", delivery.Edition, delivery.SubscriptionId, delivery.Id);
        return false;
    }

    private async Task FailAsync(Delivery delivery, MailDeliveryException error, DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts;
        if (error.Permanent)
        {
            await FinishAsync(delivery.Id, DeliveryStatus.Failed, error.Message, null, CancellationToken.None);
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
            await FinishAsync(delivery.Id, DeliveryStatus.Failed, $"gave up after {attempts} attempts: {error.Message}", null, CancellationToken.None);
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
        var deliveries = await db.Deliveries
            .Where(d => ids.Contains(d.Id) && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.RetryWait))
            .ToListAsync(cancellationToken);
        foreach (var delivery in deliveries)
        {
            delivery.Attempts++;
            delivery.LastError = error;
            if (delivery.Attempts >= Math.Max(1, emailOptions.Value.MaxAttempts))
            {
                delivery.Status = DeliveryStatus.Failed;
                report.Failed++;
                report.Problems.Add($"delivery {delivery.Id} ({delivery.Edition}): failed after {delivery.Attempts} attempts: {error}");
            }
            else
            {
                delivery.Status = DeliveryStatus.RetryWait;
                delivery.NextAttemptAt = now + Backoff(delivery.Attempts);
                report.Retrying++;
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
    }

    private async Task MarkInterruptedAsync(DateTime now, DigestReport report, CancellationToken cancellationToken)
    {
        var cutoff = now - SendingLease;
        var stale = await db.Deliveries.Where(d => d.Status == DeliveryStatus.Sending && d.ClaimedAt < cutoff).ToListAsync(cancellationToken);
        foreach (var delivery in stale)
        {
            delivery.Status = DeliveryStatus.Interrupted;
            delivery.LastError = $"the worker stopped while sending (claimed {delivery.ClaimedAt:u}); the mail server may or may not have it, so it is not resent automatically";
            report.Problems.Add($"delivery {delivery.Id} ({delivery.Edition}): interrupted while sending; check and resend by hand if needed");
            logger.LogError("Digest {DeliveryId} ({Edition}) was interrupted while sending: not resent, to avoid a duplicate", delivery.Id, delivery.Edition);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private Task FinishAsync(int deliveryId, DeliveryStatus status, string? error, DateTime? sentAt, CancellationToken cancellationToken) =>
        db.Deliveries.Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Sending).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Status, status).SetProperty(d => d.LastError, error).SetProperty(d => d.SentAt, sentAt),
            cancellationToken);

    private async Task<DigestContent> ContentAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var papers = await db.DeliveryPapers.AsNoTracking()
            .Where(dp => dp.DeliveryId == delivery.Id)
            .Join(db.Papers, dp => dp.PaperId, p => p.Id, (dp, p) => new { dp.Rank, dp.Upvotes, p.ArxivId, p.Title, p.Authors, p.AiSummary, p.Abstract })
            .OrderBy(x => x.Rank)
            .ToListAsync(cancellationToken);
        var weekly = delivery.Edition.StartsWith("weekly:", StringComparison.Ordinal);
        var period = Period.Containing(weekly ? PeriodKind.Week : PeriodKind.Day, delivery.PeriodStart);
        var subscription = delivery.Subscription;
        var host = links.BaseUrl.Host;
        return new DigestContent(
            subscription.Email,
            $"digest-{delivery.Id}-{period.Slug}@{host}",
            weekly ? period.Title : period.Start.ToString("dddd, MMMM d, yyyy", CultureInfo.InvariantCulture),
            weekly,
            [.. papers.Select(p => new DigestPaper(p.Rank, p.ArxivId, p.Title, p.Authors, p.Upvotes, p.AiSummary ?? PaperText.Shorten(p.Abstract.Replace("\n\n", " ", StringComparison.Ordinal), 300), links.Paper(p.ArxivId)))],
            links.Manage(tokens.For(subscription.PublicId, SubscriptionTokens.Manage)),
            links.Unsubscribe(tokens.For(subscription.PublicId, SubscriptionTokens.Unsubscribe)),
            links.Home);
    }

    private void Skip(DigestReport report, Subscription subscription, string reason, LogLevel level)
    {
        report.Skipped.Add(new SkippedSubscriber(subscription.Id, subscription.Email, reason));
        logger.Log(level, "No digest for subscription {SubscriptionId} now: {Reason}", subscription.Id, reason);
    }
}
