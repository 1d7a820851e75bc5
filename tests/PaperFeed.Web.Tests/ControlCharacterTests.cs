using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using PaperFeed.Core.Ingestion;

namespace PaperFeed.Web.Tests;

/// <summary>
/// Characters XML cannot carry (C0 controls, lone surrogates): stripped from upstream data when it is stored, so one
/// bad title cannot break every feed that lists it, and refused with a 400 in request addresses.
/// </summary>
public sealed class ControlCharacterTests
{
    [Fact]
    public async Task Upstream_text_with_control_characters_and_lone_surrogates_is_stored_clean_and_every_feed_still_reads()
    {
        using var app = new PaperFeedFactory();
        var record = new PaperRecord("2608.00031", "Bell\u0007 and \uD800surrogate\u0000 title", "An abstract\u001B[31m in red.", ["A.\u0008 Author", "\u0001"], null)
        {
            AiSummary = "Summary\u000Bwith a vertical tab.",
            Keywords = ["good", "bad\u0002"],
            Organization = "Org\u0003",
        };
        await app.StoreAsync(new ParsedListing([new FeaturedRecord(record, new DateOnly(2026, 8, 21), 5, 0)], []));

        foreach (var format in new[] { "atom", "rss" })
        {
            var response = await app.CreateClient().GetAsync($"/feeds/daily.{format}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
            var item = Assert.Single(SyndicationFeed.Load(reader).Items);
            Assert.Equal("Bell and surrogate title", item.Title.Text);
        }

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/papers/2608.00031"));
        var paper = json.RootElement;
        Assert.Equal("Bell and surrogate title", paper.GetProperty("title").GetString());
        Assert.Equal("An abstract[31m in red.", paper.GetProperty("summary").GetString());
        Assert.Equal(["A. Author"], paper.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("Summary with a vertical tab.", paper.GetProperty("ai_summary").GetString()); // a white-space control is a space
        var (page, _) = await app.GetPageAsync("/papers/2608.00031");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("/search?q=lang%01uage")]
    [InlineData("/papers/date/2026-08-21?sort=%07")]
    [InlineData("/orgs/a%01b")]
    public async Task A_page_address_with_a_control_character_is_a_400_page_that_says_why(string path)
    {
        var (response, page) = await new PaperFeedFactory().GetPageAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This address cannot be read", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("control character", page.QuerySelector("main")!.TextContent);
    }

    [Theory]
    [InlineData("/api/papers/search?q=lang%01uage", "q")]
    [InlineData("/feeds/search.atom?q=%1B", "q")]
    [InlineData("/api/daily_papers?date=2026-08-21&submitter=a%00b", "submitter")]
    [InlineData("/api/papers/2608.00031%01", "path")]
    public async Task An_api_or_feed_address_with_a_control_character_is_a_400_naming_the_parameter(string path, string parameter)
    {
        using var app = new PaperFeedFactory();
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"Invalid parameter '{parameter}'", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("control character", problem.RootElement.GetProperty("detail").GetString());
    }
}
