using System.Diagnostics.CodeAnalysis;
using PaperFeed.Core.Listing;

namespace PaperFeed.Core.Subscriptions;

/// <summary>
/// A digest edition: the day (daily) or ISO week (weekly) whose papers it carries. It formats its delivery key
/// ("daily:2025-06-17", "weekly:2025-W25") and reads one back, so that nothing else builds or splits those strings.
/// </summary>
public sealed record Edition(DigestFrequency Frequency, Period Period)
{
    private const string DailyPrefix = "daily:";
    private const string WeeklyPrefix = "weekly:";

    /// <summary>The daily edition of <paramref name="day"/>.</summary>
    public static Edition Daily(DateOnly day) => new(DigestFrequency.Daily, Period.Containing(PeriodKind.Day, day));

    /// <summary>The weekly edition of the ISO week <paramref name="week"/>.</summary>
    public static Edition Weekly(Period week) => new(DigestFrequency.Weekly, week);

    public bool IsWeekly => Frequency == DigestFrequency.Weekly;

    /// <summary>The delivery key: "daily:2025-06-17" or "weekly:2025-W25".</summary>
    public string Key => (IsWeekly ? WeeklyPrefix : DailyPrefix) + Period.Slug;

    /// <summary>Reads a delivery key back; false for anything that is not one.</summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out Edition? edition)
    {
        edition = null;
        if (key is null)
        {
            return false;
        }

        if (key.StartsWith(DailyPrefix, StringComparison.Ordinal) && Period.TryParseDay(key[DailyPrefix.Length..], out var day))
        {
            edition = new Edition(DigestFrequency.Daily, day);
        }
        else if (key.StartsWith(WeeklyPrefix, StringComparison.Ordinal) && Period.TryParseWeek(key[WeeklyPrefix.Length..], out var week))
        {
            edition = new Edition(DigestFrequency.Weekly, week);
        }

        return edition is not null;
    }

    /// <summary>Reads a delivery key back; throws <see cref="FormatException"/> for anything that is not one.</summary>
    public static Edition Parse(string key) =>
        TryParse(key, out var edition) ? edition : throw new FormatException($"\"{key}\" is not a digest edition key");

    public override string ToString() => Key;
}
