using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;

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
    DigestSender sender,
    DeliveryTransitions transitions,
    IOptions<DigestOptions> digestOptions,
    TimeProvider clock,
    ILogger<DigestService> logger)
{
    private const int SqliteUniqueViolation = 2067; // SQLITE_CONSTRAINT_UNIQUE

    private static readonly DeliveryStatus[] CountsAsSent =
        [DeliveryStatus.Pending, DeliveryStatus.Sending, DeliveryStatus.Sent, DeliveryStatus.RetryWait, DeliveryStatus.Interrupted];

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
            await sender.SendDueAsync(now.UtcDateTime, report, cancellationToken);
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

    private void Skip(DigestReport report, Subscription subscription, string reason, LogLevel level)
    {
        report.Skipped.Add(new SkippedSubscriber(subscription.Id, subscription.Email, reason));
        logger.Log(level, "No digest for subscription {SubscriptionId} now: {Reason}", subscription.Id, reason);
    }
}
