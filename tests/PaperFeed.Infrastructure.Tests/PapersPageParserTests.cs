using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Sources.HuggingFace;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// Hugging Face's papers pages. The pages are built, not captured (no copy of a real page was found): real recorded
/// daily_papers entries, HTML-escaped into the documented <c>data-target="DailyPapers"</c> element among unrelated
/// markup (tests/testdata/BUILT-PAGES.md). Broken variants are made from them here.
/// </summary>
public sealed partial class PapersPageParserTests
{
    [GeneratedRegex("data-target=\"DailyPapers\" data-props=\"[^\"]*\"")]
    private static partial Regex DailyPapersProps();

    [Fact]
    public void A_date_page_reads_every_entry_on_its_day_even_when_entries_do_not_say_theirs()
    {
        var listing = PapersPageParser.Parse(Page("date-2025-03-14"), "day", new DateOnly(2025, 3, 14));

        Assert.Empty(listing.Skipped);
        Assert.Equal(26, listing.Entries.Count);
        Assert.All(listing.Entries, e => Assert.Equal(new DateOnly(2025, 3, 14), e.Date));
        var first = listing.Entries[0];
        Assert.Equal(("2503.10613", "CoSTAast: Cost-Sensitive Toolpath Agent for Multi-turn Image Editing", 29, 7), (first.Paper.ArxivId, first.Paper.Title, first.Upvotes, first.Comments));
        Assert.Equal(["Advait Gupta", "NandaKiran Velaga", "Dang Nguyen", "Tianyi Zhou"], first.Paper.Authors);
    }

    [Fact]
    public void A_week_page_keeps_each_entry_on_the_day_it_was_featured()
    {
        var listing = PapersPageParser.Parse(Page("week-2025-W38"), "week", null);

        Assert.Equal(13, listing.Entries.Count);
        Assert.All(listing.Entries, e => Assert.Equal(new DateOnly(2025, 9, 16), e.Date)); // not the week's Monday, nor its dateString
        Assert.Equal(("2509.12201", 58, 1), (listing.Entries[0].Paper.ArxivId, listing.Entries[0].Upvotes, listing.Entries[0].Comments));
        var multilingual = Assert.Single(listing.Entries, e => e.Paper.ArxivId == "2509.11986");
        Assert.Contains("Ivan Vulić", multilingual.Paper.Authors);
        Assert.Contains("Anders Søgaard", multilingual.Paper.Authors);
    }

    [Fact]
    public void A_month_page_reads_the_same_entries_as_the_api_response_they_came_from()
    {
        var page = PapersPageParser.Parse(Page("month-2025-06"), "month", null);
        var api = Core.Ingestion.HuggingFace.DailyPapersParser.Parse(File.ReadAllBytes(Fixtures.HuggingFaceDay("2025-06-17")), null);

        Assert.Equal(24, page.Entries.Count);
        Assert.Equal(api.Entries.Select(Summary), page.Entries.Select(Summary));
        var top = page.Entries[0];
        Assert.Equal(("2506.13585", 148, 127), (top.Paper.ArxivId, top.Upvotes, top.Paper.Authors.Count));
        Assert.Equal("https://github.com/MiniMax-AI/MiniMax-M1", top.Paper.GithubRepo);
        Assert.Contains("Ioana Ciucă", page.Entries.Single(e => e.Paper.ArxivId == "2506.12189").Paper.Authors);
    }

    [Fact]
    public void The_trending_page_reads_entries_featured_on_different_days()
    {
        var listing = PapersPageParser.Parse(Page("trending"), null, new DateOnly(2026, 9, 1));

        Assert.Equal(8, listing.Entries.Count);
        Assert.Equal(["2608.19880", "2608.18580", "2608.20335", "2608.19799", "2608.20336", "2509.12201", "2509.11543", "2509.10813"], listing.Entries.Select(e => e.Paper.ArxivId));
        Assert.Equal([new DateOnly(2025, 9, 16), new DateOnly(2026, 8, 21)], listing.Entries.Select(e => e.Date).Distinct().Order());
        Assert.Equal(163, listing.Entries[0].Upvotes);
    }

    [Fact]
    public void A_page_whose_list_is_empty_is_an_empty_listing()
    {
        var listing = PapersPageParser.Parse(WithProps(Page("date-2025-03-14"), """{"periodType":"day","dateString":"2025-03-15","dailyPapers":[]}"""), "day", new DateOnly(2025, 3, 15));

        Assert.Empty(listing.Entries);
        Assert.Empty(listing.Skipped);
    }

    [Fact]
    public void A_malformed_entry_is_skipped_with_its_reason_and_the_rest_is_kept()
    {
        var props = new JsonObject { ["periodType"] = "day", ["dateString"] = "2025-03-14", ["dailyPapers"] = JsonNode.Parse(File.ReadAllText(Fixtures.HuggingFaceDay("2025-03-14"))) };
        props["dailyPapers"]![2]!["paper"]!["id"] = "not-an-id";
        props["dailyPapers"]![5]!["paper"]!["title"] = " ";
        props["dailyPapers"]![5]!["title"] = "";

        var listing = PapersPageParser.Parse(WithProps(Page("date-2025-03-14"), props.ToJsonString()), "day", new DateOnly(2025, 3, 14));

        Assert.Equal(24, listing.Entries.Count);
        Assert.Equal(
            [new SkippedEntry(2, "not-an-id", "paper id \"not-an-id\" is not an arXiv id"), new SkippedEntry(5, "2503.10351", "paper has no title")],
            listing.Skipped);
    }

    [Theory]
    [InlineData("data-target=\"DailyPapers\"", "data-target=\"DailyPaperList\"", "no element with data-target=\"DailyPapers\"")]
    [InlineData("data-target=\"DailyPapers\" data-props=", "data-target=\"DailyPapers\" data-state=", "the data-target=\"DailyPapers\" element has no data-props")]
    [InlineData("&quot;dailyPapers&quot;:", "&quot;papers&quot;:", "data-props has no \"dailyPapers\" array")]
    [InlineData("&quot;periodType&quot;:&quot;day&quot;", "&quot;periodType&quot;:&quot;week&quot;", "data-props is for a \"week\" page, not a \"day\" page")]
    public void A_page_whose_structure_changed_is_a_loud_error_naming_what_is_missing(string find, string replace, string message)
    {
        var page = Page("date-2025-03-14");
        Assert.Contains(find, page);

        var error = Assert.Throws<UpstreamFormatException>(() => PapersPageParser.Parse(page.Replace(find, replace, StringComparison.Ordinal), "day", new DateOnly(2025, 3, 14)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Props_that_are_not_json_are_a_loud_error()
    {
        var page = DailyPapersProps().Replace(Page("week-2025-W38"), m => m.Value[..^200] + "\"", 1);

        var error = Assert.Throws<UpstreamFormatException>(() => PapersPageParser.Parse(page, "week", null));

        Assert.StartsWith("data-props is not JSON: ", error.Message);
    }

    [Fact]
    public void A_list_none_of_whose_entries_can_be_read_is_a_loud_error_not_an_empty_day()
    {
        var entries = JsonNode.Parse(File.ReadAllText(Fixtures.HuggingFaceDay("2025-09-16")))!.AsArray();
        foreach (var entry in entries)
        {
            entry!["paper"] = JsonValue.Create("2509.12201");
        }

        var page = WithProps(Page("week-2025-W38"), new JsonObject { ["periodType"] = "week", ["dailyPapers"] = entries.DeepClone() }.ToJsonString());
        var error = Assert.Throws<UpstreamFormatException>(() => PapersPageParser.Parse(page, "week", null));

        Assert.Equal("none of the 13 entries could be read (entry 0: entry has no \"paper\" object): the format may have changed, so nothing was stored", error.Message);
    }

    private static (string, string, int, int, DateOnly, int) Summary(FeaturedRecord e) =>
        (e.Paper.ArxivId, e.Paper.Title, e.Upvotes, e.Comments, e.Date, e.Paper.Authors.Count);

    private static string Page(string name) => File.ReadAllText(Fixtures.Path($"hf-papers-html/{name}.html"));

    /// <summary>The page with other JSON in its DailyPapers element, HTML-escaped as the server writes it.</summary>
    private static string WithProps(string page, string json) =>
        DailyPapersProps().Replace(page, $"data-target=\"DailyPapers\" data-props=\"{WebUtility.HtmlEncode(json)}\"", 1);
}
