using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>Digests arrive at each subscriber's own hour, in their own time zone, with a fake clock.</summary>
public sealed class DigestScheduleTests
{
    [Fact]
    public async Task Tokyo_and_Los_Angeles_each_get_the_digest_at_their_own_eight_o_clock()
    {
        // Lists are per UTC day, and a digest carries a day only once it is over in UTC. Thursday 2026-08-20 and
        // Friday 2026-08-21 have papers. Start: Saturday 07:59 in Tokyo, Friday 15:59 in Los Angeles.
        await using var context = await DigestTestContext.StartAsync(new DateTimeOffset(2026, 8, 21, 22, 59, 0, TimeSpan.Zero));
        await context.ImportAsync("2025-09-16", asDay: new DateOnly(2026, 8, 20));
        await context.ImportAsync("2026-08-21");
        await context.SubscriberAsync("tokyo@example.org", p => p.TimeZone = "Asia/Tokyo");
        await context.SubscriberAsync("la@example.org", p => p.TimeZone = "America/Los_Angeles");

        await context.RunAsync();
        Assert.Empty(context.Smtp.To("tokyo@example.org")); // 07:59 in Tokyo
        Assert.Equal(["Thursday, August 20"], Days("la@example.org")); // Friday afternoon in LA: Thursday's list

        context.Clock.Advance(TimeSpan.FromMinutes(1)); // 08:00 Saturday in Tokyo: Friday is not over in UTC yet
        await context.RunAsync();
        Assert.Equal(["Thursday, August 20"], Days("tokyo@example.org"));

        context.Clock.Advance(TimeSpan.FromMinutes(75)); // 09:15 in Tokyo, Friday is over in UTC: still one digest a day
        await context.RunAsync();
        Assert.Single(context.Smtp.To("tokyo@example.org"));

        context.Clock.Advance(TimeSpan.FromHours(14) + TimeSpan.FromMinutes(44)); // 07:59 Saturday in Los Angeles
        await context.RunAsync();
        Assert.Single(context.Smtp.To("la@example.org"));

        context.Clock.Advance(TimeSpan.FromMinutes(1)); // 08:00 Saturday in Los Angeles
        await context.RunAsync();
        Assert.Equal(["Thursday, August 20", "Friday, August 21"], Days("la@example.org"));
        Assert.Single(context.Smtp.To("tokyo@example.org"));

        context.Clock.Advance(TimeSpan.FromHours(8)); // 08:00 Sunday in Tokyo
        await context.RunAsync();
        Assert.Equal(["Thursday, August 20", "Friday, August 21"], Days("tokyo@example.org"));
        Assert.Equal(2, context.Smtp.To("la@example.org").Count);

        List<string> Days(string address) => [.. context.Smtp.To(address).Select(m => m.Message.Subject![..m.Message.Subject!.IndexOf(',', m.Message.Subject.IndexOf(',') + 1)])];
    }

    [Fact]
    public async Task A_weekly_digest_comes_once_a_week_on_its_day()
    {
        // Sunday 2026-08-23, 12:00 UTC.
        await using var context = await DigestTestContext.StartAsync(new DateTimeOffset(2026, 8, 23, 12, 0, 0, TimeSpan.Zero));
        await context.ImportAsync("2026-08-21");
        await context.ImportAsync("2025-09-16", asDay: new DateOnly(2026, 8, 19));
        await context.SubscriberAsync("weekly@example.org", p => p.Frequency = DigestFrequency.Weekly);

        await context.RunAsync(); // Sunday
        Assert.Empty(context.Smtp.Messages);

        for (var hours = 0; hours < 7 * 24; hours += 3) // Monday 08:00 UTC to the next Monday
        {
            context.Clock.Advance(hours == 0 ? TimeSpan.FromHours(20) : TimeSpan.FromHours(3));
            await context.RunAsync();
        }

        var message = Assert.Single(context.Smtp.To("weekly@example.org")).Message;
        Assert.StartsWith("Week 34 of 2026 (Aug 17 – Aug 23): EnvHarness", message.Subject);
        Assert.Contains("PaperFeed weekly digest", message.TextBody);
        Assert.Equal("PaperFeed weekly digest <weekly.papers.example.org>", message.Headers["List-Id"]);
    }

    [Fact]
    public async Task Skipping_weekends_moves_the_digest_to_monday()
    {
        // Saturday 2026-08-22, 09:00 UTC.
        await using var context = await DigestTestContext.StartAsync(new DateTimeOffset(2026, 8, 22, 9, 0, 0, TimeSpan.Zero));
        await context.ImportAsync("2026-08-21");
        await context.SubscriberAsync("weekdays@example.org", p => p.SkipWeekends = true);
        await context.SubscriberAsync("everyday@example.org");

        var saturday = await context.RunAsync();
        Assert.Single(context.Smtp.To("everyday@example.org"));
        Assert.Empty(context.Smtp.To("weekdays@example.org"));
        Assert.Contains(saturday.Skipped, s => s.Email == "weekdays@example.org" && s.Reason == "skips weekends and it is Saturday in UTC");

        context.Clock.Advance(TimeSpan.FromDays(1));
        await context.RunAsync();
        Assert.Empty(context.Smtp.To("weekdays@example.org"));

        context.Clock.Advance(TimeSpan.FromDays(1)); // Monday
        await context.RunAsync();
        Assert.StartsWith("Friday, August 21, 2026:", Assert.Single(context.Smtp.To("weekdays@example.org")).Message.Subject);
        Assert.Single(context.Smtp.To("everyday@example.org"));
    }

    [Fact]
    public async Task Dry_run_says_who_would_get_what_and_why_others_get_nothing_and_sends_nothing()
    {
        await using var context = await DigestTestContext.StartAsync(new DateTimeOffset(2026, 8, 22, 6, 0, 0, TimeSpan.Zero));
        await context.ImportAsync("2026-08-21");
        await context.SubscriberAsync("early@example.org", p => p.DeliveryHour = 5);
        await context.SubscriberAsync("late@example.org", p => p.DeliveryHour = 9);

        var report = await context.RunAsync(dryRun: true);

        var planned = Assert.Single(report.Planned);
        Assert.Equal(("early@example.org", "daily:2026-08-21", 10), (planned.Email, planned.Edition, planned.Papers.Count));
        Assert.Equal("2608.19880 (163) EnvHarness: Awakening Static Worlds for Agent Learning", planned.Papers[0]);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(("late@example.org", "delivery at 09:00 and it is 06:00 in UTC"), (skipped.Email, skipped.Reason));
        Assert.Empty(context.Smtp.Messages);
        Assert.Equal(0, await context.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Deliveries)));

        var withNow = await context.RunAsync(now: true, dryRun: true);
        Assert.Equal(2, withNow.Planned.Count);
    }

    [Fact]
    public async Task A_stale_day_is_never_sent_when_ingestion_has_stalled()
    {
        // Ten days after the last list.
        await using var context = await DigestTestContext.StartAsync(new DateTimeOffset(2026, 8, 31, 9, 0, 0, TimeSpan.Zero));
        await context.ImportAsync("2026-08-21");
        await context.SubscriberAsync("reader@example.org");

        var report = await context.RunAsync();

        Assert.Empty(context.Smtp.Messages);
        Assert.Equal("the latest papers are from 2026-08-21, more than 7 days ago: is ingestion running?", Assert.Single(report.Skipped).Reason);
    }
}
