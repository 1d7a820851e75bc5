namespace PaperFeed.Core.Subscriptions;

/// <summary>
/// Which edition a due subscriber gets now, and why others get nothing. Two questions, asked in turn, because the
/// second needs the subscriber's deliveries of the edition the first one chose: <see cref="Due"/> (their time has come,
/// and the latest edition with papers is fresh), then <see cref="Plan"/> (they have not had it, nor a digest today).
/// </summary>
public static class DigestPlanner
{
    /// <summary>How far back <see cref="Plan"/> needs a subscriber's daily deliveries: longer than any local day lasts in UTC.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromHours(40);

    /// <summary>
    /// The edition a subscriber is due now, or why none. Lists are per UTC day: a subscriber ahead of UTC (Tokyo at
    /// 08:00 is 23:00 UTC the day before) must not get a day that ingestion is still filling, so an edition ends before
    /// both their local today and UTC's: the latest day with papers (daily) or the last complete week (weekly). A daily
    /// edition older than <paramref name="maxEditionAgeDays"/> is never sent: ingestion has stalled.
    /// </summary>
    public static PlanDecision Due(
        DigestPreferences preferences, DateTimeOffset now, bool ignoreTime, IReadOnlyCollection<DateOnly> daysWithPapers, int maxEditionAgeDays)
    {
        var schedule = DigestSchedule.Check(preferences, now, ignoreTime);
        if (!schedule.Due)
        {
            return PlanDecision.Skipped(PlanSkip.NotDue, schedule.Reason!);
        }

        var utcToday = DateOnly.FromDateTime(now.UtcDateTime);
        var before = schedule.LocalToday < utcToday ? schedule.LocalToday : utcToday;
        if (preferences.Frequency == DigestFrequency.Weekly)
        {
            return PlanDecision.Planned(Edition.Weekly(DigestSchedule.LastCompleteWeek(before)));
        }

        var earlier = daysWithPapers.Where(d => d < before).ToList();
        if (earlier.Count == 0)
        {
            return PlanDecision.Skipped(PlanSkip.NoPapers, $"no papers before {before:yyyy-MM-dd} yet");
        }

        var latest = earlier.Max();
        return latest < before.AddDays(-maxEditionAgeDays)
            ? PlanDecision.Skipped(PlanSkip.Stale, $"the latest papers are from {latest:yyyy-MM-dd}, more than {maxEditionAgeDays} days ago: is ingestion running?")
            : PlanDecision.Planned(Edition.Daily(latest));
    }

    /// <summary>
    /// Whether the due <paramref name="edition"/> is planned now: not when the subscriber has a delivery of it already
    /// (<paramref name="existing"/>, its status), nor a second daily digest on one local day: a subscriber ahead of UTC
    /// could otherwise get one at their hour and another when the next UTC day completes. <paramref name="recentDaily"/>
    /// are their daily deliveries of the last <see cref="RecentWindow"/>, skipped ones left out.
    /// </summary>
    public static PlanDecision Plan(
        Edition edition, DigestPreferences preferences, DateTimeOffset now, DeliveryStatus? existing, IEnumerable<RecentDelivery> recentDaily)
    {
        if (existing is { } status)
        {
            return PlanDecision.Skipped(PlanSkip.HasEdition, $"already has edition {edition.Key} ({status.ToString().ToLowerInvariant()})");
        }

        if (!edition.IsWeekly)
        {
            var zone = DigestSchedule.FindZone(preferences.TimeZone);
            var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            var today = recentDaily.FirstOrDefault(d =>
                DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(d.CreatedAt, DateTimeKind.Utc), zone)) == localToday);
            if (today is not null)
            {
                return PlanDecision.Skipped(PlanSkip.HadToday, $"already had today's digest ({today.Edition})");
            }
        }

        return PlanDecision.Planned(edition);
    }
}
