using PaperFeed.Core.Listing;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Core.Tests;

public sealed class DigestPlannerTests
{
    private static readonly DateOnly Thursday = new(2026, 8, 20);
    private static readonly DateOnly Friday = new(2026, 8, 21);
    private static readonly DateOnly[] Days = [Thursday, Friday];

    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 8, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Before_their_hour_a_subscriber_gets_nothing_and_the_schedule_says_why()
    {
        var decision = DigestPlanner.Due(new DigestPreferences { DeliveryHour = 9 }, Utc(22, 6), ignoreTime: false, Days, 7);

        Assert.Equal(new PlanDecision(null, PlanSkip.NotDue, "delivery at 09:00 and it is 06:00 in UTC"), decision);
    }

    [Fact]
    public void A_daily_edition_is_the_latest_day_with_papers_that_is_over_in_utc_and_locally()
    {
        // 08:00 Saturday in Tokyo is 23:00 Friday in UTC: Friday's list is still filling.
        var tokyo = DigestPlanner.Due(new DigestPreferences { TimeZone = "Asia/Tokyo" }, Utc(21, 23), false, Days, 7);
        Assert.Equal(PlanDecision.Planned(Edition.Daily(Thursday)), tokyo);

        // 08:00 Saturday in UTC: Friday is over.
        Assert.Equal(Edition.Daily(Friday), DigestPlanner.Due(new DigestPreferences(), Utc(22, 8), false, Days, 7).Edition);

        // 08:00 Saturday in Los Angeles is 15:00 Saturday in UTC, and Saturday has no papers: Friday.
        Assert.Equal(Edition.Daily(Friday), DigestPlanner.Due(new DigestPreferences { TimeZone = "America/Los_Angeles" }, Utc(22, 15), false, Days, 7).Edition);
    }

    [Fact]
    public void With_no_papers_before_today_there_is_no_edition_yet()
    {
        var decision = DigestPlanner.Due(new DigestPreferences(), Utc(21, 9), false, [Friday], 7);

        Assert.Equal(new PlanDecision(null, PlanSkip.NoPapers, "no papers before 2026-08-21 yet"), decision);
    }

    [Fact]
    public void A_day_older_than_the_maximum_age_is_never_sent()
    {
        var stale = DigestPlanner.Due(new DigestPreferences(), Utc(31, 9), false, Days, 7);
        Assert.Equal(new PlanDecision(null, PlanSkip.Stale, "the latest papers are from 2026-08-21, more than 7 days ago: is ingestion running?"), stale);

        // Exactly the maximum age is still fresh.
        Assert.Equal(Edition.Daily(Friday), DigestPlanner.Due(new DigestPreferences(), Utc(28, 9), false, Days, 7).Edition);
    }

    [Fact]
    public void A_weekly_edition_is_the_last_complete_week_whatever_the_days_hold()
    {
        var weekly = new DigestPreferences { Frequency = DigestFrequency.Weekly, WeeklyDay = DayOfWeek.Monday };

        var monday = DigestPlanner.Due(weekly, Utc(24, 8), false, [], 7);

        Assert.Equal("weekly:2026-W34", monday.Edition!.Key);
        Assert.Equal(PlanSkip.NotDue, DigestPlanner.Due(weekly, Utc(23, 8), false, Days, 7).Skip);
    }

    [Fact]
    public void Now_makes_every_subscriber_due()
    {
        var late = new DigestPreferences { DeliveryHour = 23, SkipWeekends = true };

        Assert.Equal(Edition.Daily(Friday), DigestPlanner.Due(late, Utc(22, 6), ignoreTime: true, Days, 7).Edition);
    }

    [Fact]
    public void An_edition_the_subscriber_has_already_is_not_planned_again()
    {
        var edition = Edition.Daily(Friday);

        var decision = DigestPlanner.Plan(edition, new DigestPreferences(), Utc(22, 9), DeliveryStatus.Sent, []);

        Assert.Equal(new PlanDecision(null, PlanSkip.HasEdition, "already has edition daily:2026-08-21 (sent)"), decision);
        Assert.Equal(PlanDecision.Planned(edition), DigestPlanner.Plan(edition, new DigestPreferences(), Utc(22, 9), null, []));
    }

    [Fact]
    public void A_subscriber_gets_at_most_one_daily_digest_per_local_day()
    {
        // Thursday's digest reached Tokyo at 08:00 Saturday local time (23:00 UTC Friday); at 09:15 Friday's is due.
        var tokyo = new DigestPreferences { TimeZone = "Asia/Tokyo" };
        RecentDelivery[] recent = [new("daily:2026-08-20", Utc(21, 23).UtcDateTime)];

        var sameDay = DigestPlanner.Plan(Edition.Daily(Friday), tokyo, Utc(22, 0, 15), null, recent);
        Assert.Equal(new PlanDecision(null, PlanSkip.HadToday, "already had today's digest (daily:2026-08-20)"), sameDay);

        // Sunday 08:00 in Tokyo: a new local day.
        Assert.Equal(PlanSkip.None, DigestPlanner.Plan(Edition.Daily(Friday), tokyo, Utc(22, 23), null, recent).Skip);

        // A weekly edition does not count daily ones.
        var week = Edition.Weekly(Period.Containing(PeriodKind.Week, Friday));
        Assert.Equal(PlanDecision.Planned(week), DigestPlanner.Plan(week, tokyo, Utc(22, 0, 15), null, recent));
    }
}
