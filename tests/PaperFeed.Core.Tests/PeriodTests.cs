using PaperFeed.Core.Listing;

namespace PaperFeed.Core.Tests;

public sealed class PeriodTests
{
    [Fact]
    public void Iso_weeks_start_on_monday_and_cross_years()
    {
        Assert.True(Period.TryParseWeek("2025-W11", out var week));
        Assert.Equal((new DateOnly(2025, 3, 10), new DateOnly(2025, 3, 16)), (week.Start, week.End));
        Assert.Equal("2025-W11", week.Slug);

        // 2024-12-30 belongs to week 1 of 2025.
        var crossing = Period.Containing(PeriodKind.Week, new DateOnly(2024, 12, 30));
        Assert.Equal("2025-W01", crossing.Slug);
        Assert.Equal("/papers/week/2025-W01", crossing.Path);
    }

    [Fact]
    public void Months_and_days_parse_to_their_bounds()
    {
        Assert.True(Period.TryParseMonth("2024-02", out var month));
        Assert.Equal((new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 29)), (month.Start, month.End));
        Assert.True(Period.TryParseDay("2025-03-14", out var day));
        Assert.Equal("Friday, March 14, 2025", day.Title);
        Assert.Equal("/papers/date/2025-03-14", day.Path);
    }

    [Theory]
    [InlineData("2025-13-01")]
    [InlineData("2025-02-30")]
    [InlineData("2025-3-14")]
    [InlineData("20250314")]
    [InlineData("yesterday")]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")] // its week ends after DateOnly.MaxValue
    [InlineData("9999-01-01")]
    [InlineData("٢٠٢٥-٠٣-١٤")] // Arabic-Indic digits: \d would take them, int.Parse would then throw
    [InlineData("２０２５-03-14")] // fullwidth digits
    public void Malformed_days_are_rejected(string text) => Assert.False(Period.TryParseDay(text, out _));

    [Theory]
    [InlineData("2025-W00")]
    [InlineData("2025-W53")]
    [InlineData("2025-W1")]
    [InlineData("2025W11")]
    [InlineData("9999-W52")]
    [InlineData("2025-W١١")]
    public void Malformed_weeks_are_rejected(string text) => Assert.False(Period.TryParseWeek(text, out _));

    [Theory]
    [InlineData("2025-00")]
    [InlineData("2025-13")]
    [InlineData("2025-3")]
    [InlineData("9999-12")]
    [InlineData("२०२५-03")] // Devanagari digits
    public void Malformed_months_are_rejected(string text) => Assert.False(Period.TryParseMonth(text, out _));

    [Fact]
    public void A_year_with_53_weeks_accepts_week_53()
    {
        Assert.True(Period.TryParseWeek("2026-W53", out var week));
        Assert.Equal(new DateOnly(2026, 12, 28), week.Start);
    }
}
