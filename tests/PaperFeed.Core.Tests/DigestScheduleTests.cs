using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Core.Tests;

public sealed class DigestScheduleTests
{
    [Theory]
    [InlineData("2026-08-21T22:59:00Z", false)]
    [InlineData("2026-08-21T23:00:00Z", true)]
    public void A_daily_digest_is_due_from_the_local_hour(string now, bool due)
    {
        var tokyo = new DigestPreferences { TimeZone = "Asia/Tokyo", DeliveryHour = 8 };

        var decision = DigestSchedule.Check(tokyo, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), ignoreTime: false);

        Assert.Equal(due, decision.Due);
        Assert.Equal(new DateOnly(2026, 8, 22), decision.LocalToday);
        if (!due)
        {
            Assert.Equal("delivery at 08:00 and it is 07:59 in Asia/Tokyo", decision.Reason);
        }
    }

    [Fact]
    public void Skipping_weekends_means_nothing_on_saturday_and_sunday_local_time()
    {
        var preferences = new DigestPreferences { SkipWeekends = true, TimeZone = "America/Los_Angeles" };

        // Saturday 2026-08-22 09:00 in Los Angeles is 16:00 UTC.
        var saturday = DigestSchedule.Check(preferences, new DateTimeOffset(2026, 8, 22, 16, 0, 0, TimeSpan.Zero), false);
        Assert.False(saturday.Due);
        Assert.Equal("skips weekends and it is Saturday in America/Los_Angeles", saturday.Reason);

        // Saturday 02:00 UTC is still Friday evening in Los Angeles.
        Assert.True(DigestSchedule.Check(preferences, new DateTimeOffset(2026, 8, 22, 2, 0, 0, TimeSpan.Zero), false).Due);
    }

    [Fact]
    public void A_weekly_digest_is_due_on_its_day_and_carries_the_last_complete_week()
    {
        var weekly = new DigestPreferences { Frequency = DigestFrequency.Weekly, WeeklyDay = DayOfWeek.Monday };

        Assert.False(DigestSchedule.Check(weekly, new DateTimeOffset(2026, 8, 23, 12, 0, 0, TimeSpan.Zero), false).Due);
        var monday = DigestSchedule.Check(weekly, new DateTimeOffset(2026, 8, 24, 8, 0, 0, TimeSpan.Zero), false);
        Assert.True(monday.Due);
        Assert.Equal("2026-W34", DigestSchedule.LastCompleteWeek(monday.LocalToday).Slug);
    }

    [Fact]
    public void Now_ignores_hour_and_day()
    {
        var weekly = new DigestPreferences { Frequency = DigestFrequency.Weekly, WeeklyDay = DayOfWeek.Friday, DeliveryHour = 23 };

        Assert.True(DigestSchedule.Check(weekly, new DateTimeOffset(2026, 8, 24, 0, 0, 0, TimeSpan.Zero), ignoreTime: true).Due);
    }

    [Fact]
    public void An_unknown_zone_falls_back_to_utc()
    {
        Assert.Same(TimeZoneInfo.Utc, DigestSchedule.FindZone("Mars/Olympus_Mons"));
        Assert.False(DigestSchedule.IsKnownZone("Mars/Olympus_Mons"));
        Assert.True(DigestSchedule.IsKnownZone("Europe/Berlin"));
    }
}
