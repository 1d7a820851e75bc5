using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperFeed.Core.Listing;

/// <summary>A day, ISO week or month of featured papers, written as in Hugging Face's URLs: 2025-03-14, 2025-W11, 2025-03.</summary>
public sealed partial record Period(PeriodKind Kind, DateOnly Start, DateOnly End)
{
    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<m>[0-9]{2})-(?<d>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DayPattern();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-W(?<w>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekPattern();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<m>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();

    /// <summary>The period of the given kind that contains <paramref name="day"/>.</summary>
    public static Period Containing(PeriodKind kind, DateOnly day) => kind switch
    {
        PeriodKind.Day => new Period(kind, day, day),
        PeriodKind.Week => Week(ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue))),
        PeriodKind.Month => new Period(kind, new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>arXiv began in 1991: no list is older.</summary>
    private const int FirstYear = 1991;

    /// <summary>The last year whose weeks and months (and the neighbours the pages link to) fit in <see cref="DateOnly"/>.</summary>
    private const int LastYear = 9998;

    public static bool TryParseDay(string? text, [NotNullWhen(true)] out Period? period)
    {
        period = null;
        var m = text is null ? null : DayPattern().Match(text);
        if (m is not { Success: true }
            || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || day.Year is < FirstYear or > LastYear)
        {
            return false;
        }

        period = Containing(PeriodKind.Day, day);
        return true;
    }

    public static bool TryParseWeek(string? text, [NotNullWhen(true)] out Period? period)
    {
        period = null;
        var m = text is null ? null : WeekPattern().Match(text);
        if (m is not { Success: true })
        {
            return false;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var week = int.Parse(m.Groups["w"].Value, CultureInfo.InvariantCulture);
        if (year is < FirstYear or > LastYear || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        period = Week(year, week);
        return true;
    }

    public static bool TryParseMonth(string? text, [NotNullWhen(true)] out Period? period)
    {
        period = null;
        var m = text is null ? null : MonthPattern().Match(text);
        if (m is not { Success: true })
        {
            return false;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (year is < FirstYear or > LastYear || month is < 1 or > 12)
        {
            return false;
        }

        period = Containing(PeriodKind.Month, new DateOnly(year, month, 1));
        return true;
    }

    /// <summary>The URL form: 2025-03-14, 2025-W11 or 2025-03.</summary>
    public string Slug => Kind switch
    {
        PeriodKind.Day => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PeriodKind.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)):00}"),
        _ => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };

    /// <summary>A heading for people: "Friday, March 14, 2025", "Week 11 of 2025 (Mar 10 – Mar 16)", "March 2025".</summary>
    public string Title => Kind switch
    {
        PeriodKind.Day => Start.ToString("dddd, MMMM d, yyyy", CultureInfo.InvariantCulture),
        PeriodKind.Week => string.Create(CultureInfo.InvariantCulture, $"Week {ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue))} of {ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))} ({Start:MMM d} – {End:MMM d})"),
        _ => Start.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>The site path of this period's list.</summary>
    public string Path => Kind switch
    {
        PeriodKind.Day => $"/papers/date/{Slug}",
        PeriodKind.Week => $"/papers/week/{Slug}",
        _ => $"/papers/month/{Slug}",
    };

    private static Period Week(int year, int week)
    {
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return new Period(PeriodKind.Week, monday, monday.AddDays(6));
    }
}
