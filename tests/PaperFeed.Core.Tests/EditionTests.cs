using PaperFeed.Core.Listing;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Core.Tests;

public sealed class EditionTests
{
    [Fact]
    public void A_daily_and_a_weekly_edition_format_their_keys_and_read_them_back()
    {
        var daily = Edition.Daily(new DateOnly(2025, 6, 17));
        var weekly = Edition.Weekly(Period.Containing(PeriodKind.Week, new DateOnly(2025, 6, 17)));

        Assert.Equal("daily:2025-06-17", daily.Key);
        Assert.Equal("weekly:2025-W25", weekly.Key);
        Assert.Equal(daily, Edition.Parse(daily.Key));
        Assert.Equal(weekly, Edition.Parse(weekly.Key));
        Assert.Equal((new DateOnly(2025, 6, 16), new DateOnly(2025, 6, 22)), (weekly.Period.Start, weekly.Period.End));
        Assert.True(weekly.IsWeekly);
        Assert.False(daily.IsWeekly);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2025-06-17")]
    [InlineData("daily:2025-W25")]
    [InlineData("weekly:2025-06-17")]
    [InlineData("monthly:2025-06")]
    [InlineData("daily:2025-02-30")]
    public void Anything_else_is_not_an_edition_key(string? key)
    {
        Assert.False(Edition.TryParse(key, out var edition));
        Assert.Null(edition);
        if (key is not null)
        {
            Assert.Throws<FormatException>(() => Edition.Parse(key));
        }
    }
}
