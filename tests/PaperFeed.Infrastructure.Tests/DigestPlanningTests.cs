using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>The plan's rows, written many to a statement and to a transaction: each subscriber's own, once.</summary>
public sealed class DigestPlanningTests
{
    // Saturday 2026-08-22, 09:00 UTC: the day after the recorded 2026-08-21 list.
    private static readonly DateTimeOffset Saturday = new(2026, 8, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Three_hundred_subscribers_get_one_row_each_with_their_own_papers_and_rows_planned_elsewhere_stay_as_they_were()
    {
        // The plan waits at its rendezvous once it has read who is due and what they had; the test writes there.
        var meeting = Directory.CreateTempSubdirectory("paperfeed-rendezvous-").FullName;
        await File.WriteAllTextAsync(Path.Combine(meeting, $"{Rendezvous.DayWritten}.go"), ""); // the import goes on
        await using var context = await DigestTestContext.StartAsync(Saturday, settings: new Dictionary<string, string?> { ["Testing:Rendezvous"] = meeting });
        await context.ImportAsync("2026-08-21");
        // More subscribers than one transaction (250) and one statement (25) hold, each wanting a different number of papers.
        var subscribers = new List<Subscription>();
        for (var i = 0; i < 300; i++)
        {
            subscribers.Add(await context.SubscriberAsync($"reader{i}@example.org", p => p.MaxPapers = 1 + i % 10));
        }

        var report = new DigestReport();
        var plan = context.Host.InScopeAsync(sp => sp.GetRequiredService<DigestPlanning>().PlanAsync(Saturday, new DigestRunOptions(true, false), report, CancellationToken.None));
        while (!Directory.EnumerateFiles(meeting, $"{Rendezvous.DigestsPlanned}.*").Any())
        {
            Assert.False(plan.IsCompleted, "the plan ended before its rendezvous");
            await Task.Delay(20);
        }

        // Meanwhile another worker planned two of them: one in the first transaction's second statement, one in the second transaction.
        var edition = Edition.Daily(new DateOnly(2026, 8, 21)).Key;
        int[] elsewhere = [subscribers[30].Id, subscribers[260].Id];
        await context.QueryAsync(async db =>
        {
            db.Deliveries.AddRange(elsewhere.Select(id => new Delivery { SubscriptionId = id, Edition = edition, PeriodStart = new DateOnly(2026, 8, 21), PeriodEnd = new DateOnly(2026, 8, 21), Status = DeliveryStatus.Pending }));
            return await db.SaveChangesAsync();
        });
        await File.WriteAllTextAsync(Path.Combine(meeting, $"{Rendezvous.DigestsPlanned}.go"), "");
        await plan;

        var rows = await context.QueryAsync(db => db.Deliveries.AsNoTracking()
            .Select(d => new { d.SubscriptionId, d.Edition, d.Status, Ranks = db.DeliveryPapers.Where(p => p.DeliveryId == d.Id).Select(p => p.Rank).ToList() })
            .ToListAsync());
        Assert.Equal(300, rows.Count);
        Assert.All(rows, r => Assert.Equal(edition, r.Edition));
        foreach (var (subscriber, i) in subscribers.Select((s, i) => (s, i)))
        {
            var row = Assert.Single(rows, r => r.SubscriptionId == subscriber.Id);
            Assert.Equal(DeliveryStatus.Pending, row.Status);
            Assert.Equal(elsewhere.Contains(subscriber.Id) ? [] : Enumerable.Range(1, 1 + i % 10), row.Ranks.Order());
        }

        Assert.Equal(298, report.Planned.Count);
        Assert.Equal(elsewhere, report.Skipped.Where(s => s.Kind == "planned by another worker").Select(s => s.SubscriptionId).Order());
    }
}
