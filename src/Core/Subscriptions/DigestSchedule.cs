using PaperFeed.Core.Listing;

namespace PaperFeed.Core.Subscriptions;

/// <summary>When digests are due, in each subscriber's own time zone.</summary>
public static class DigestSchedule
{
    /// <summary>
    /// A daily digest is due from <see cref="DigestPreferences.DeliveryHour"/> local time (not on weekends when the
    /// subscriber skips them); a weekly one from that hour on <see cref="DigestPreferences.WeeklyDay"/>.
    /// With <paramref name="ignoreTime"/> (the operator's <c>--now</c>) every subscriber's time counts as reached.
    /// </summary>
    public static ScheduleDecision Check(DigestPreferences preferences, DateTimeOffset now, bool ignoreTime)
    {
        var zone = FindZone(preferences.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (ignoreTime)
        {
            return new ScheduleDecision(true, today, null);
        }

        if (preferences.Frequency == DigestFrequency.Daily && preferences.SkipWeekends && local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return new ScheduleDecision(false, today, $"skips weekends and it is {local.DayOfWeek} in {zone.Id}");
        }

        if (preferences.Frequency == DigestFrequency.Weekly && local.DayOfWeek != preferences.WeeklyDay)
        {
            return new ScheduleDecision(false, today, $"weekly on {preferences.WeeklyDay}s and it is {local.DayOfWeek} in {zone.Id}");
        }

        if (local.Hour < preferences.DeliveryHour)
        {
            return new ScheduleDecision(false, today, $"delivery at {preferences.DeliveryHour:00}:00 and it is {local:HH:mm} in {zone.Id}");
        }

        return new ScheduleDecision(true, today, null);
    }

    /// <summary>The latest complete ISO week before the subscriber's current week.</summary>
    public static Period LastCompleteWeek(DateOnly localToday) => Period.Containing(PeriodKind.Week, localToday.AddDays(-7));

    /// <summary>The zone for an IANA name; UTC for a name this machine does not know (never throws).</summary>
    public static TimeZoneInfo FindZone(string? name) =>
        !string.IsNullOrWhiteSpace(name) && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>True when this machine knows the IANA zone name.</summary>
    public static bool IsKnownZone(string? name) => !string.IsNullOrWhiteSpace(name) && name.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(name, out _);
}
