using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using PaperFeed.Core.Ingestion;
using PaperFeed.Web.Pages.Papers;

namespace PaperFeed.Web.Tests;

/// <summary>Hugging Face's organization pages (<c>/orgs/{handle}</c>) and its papers as Markdown (<c>/papers/{id}.md</c>).</summary>
public sealed class OrganizationAndMarkdownTests : IAsyncLifetime
{
    private readonly PaperFeedFactory _app = new(new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://papers.example.org" });

    public async Task InitializeAsync()
    {
        await _app.ImportAsync("2026-08-21");
        // Two more Google papers on another day, one older and one newer than 2608.19880 (published 2026-08-20).
        PaperRecord Google(string id, string title, DateTime published) =>
            new(id, title, "Abstract.", ["A. Author"], published) { Organization = "Google", OrganizationHandle = "google" };
        await _app.StoreAsync(new ParsedListing(
            [
                new FeaturedRecord(Google("2609.00001", "Newer Google paper", new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc)), new DateOnly(2026, 9, 2), 5, 0),
                new FeaturedRecord(Google("2601.00001", "Older Google paper", new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc)), new DateOnly(2026, 1, 6), 9, 0),
            ],
            []));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_organization_page_lists_its_papers_newest_first_with_a_feed_and_cards_link_to_it()
    {
        var (response, page) = await _app.GetPageAsync("/orgs/google");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Papers of Google", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(
            ["Newer Google paper", "EnvHarness: Awakening Static Worlds for Agent Learning", "Older Google paper"],
            page.QuerySelectorAll("li.card .card-title").Select(t => t.TextContent));
        Assert.Equal("163", page.QuerySelectorAll("li.card .votes .count")[1].TextContent); // its upvotes on Hugging Face's list
        Assert.Empty(page.QuerySelectorAll("li.card .rank")); // newest first: no ranks
        Assert.Equal("/feeds/orgs/google.atom", page.QuerySelector("link[rel=alternate][type='application/atom+xml']")!.GetAttribute("href"));

        // The day's cards and the paper page link the organization.
        var (_, day) = await _app.GetPageAsync("/papers/date/2026-08-21");
        var card = day.QuerySelectorAll("li.card").Single(c => c.QuerySelector(".card-title a")!.GetAttribute("href") == "/papers/2608.19880");
        Assert.Equal(("Google", "/orgs/google"), (card.QuerySelector(".organization a")!.TextContent, card.QuerySelector(".organization a")!.GetAttribute("href")));
        Assert.Equal(17, day.QuerySelectorAll("li.card .organization a").Length); // every paper of that day names its organization
        var (_, paper) = await _app.GetPageAsync("/papers/2608.19880");
        Assert.Equal("/orgs/google", paper.QuerySelector(".meta a[href^='/orgs/']")!.GetAttribute("href"));
        Assert.Equal("https://huggingface.co/taesiri", paper.QuerySelector(".submitter a")!.GetAttribute("href"));

        // The feed has the same papers in the same order.
        var client = _app.CreateClient();
        using var reader = XmlReader.Create(await client.GetStreamAsync("/feeds/orgs/google.atom"));
        var feed = SyndicationFeed.Load(reader);
        Assert.Equal("PaperFeed: papers of Google", feed.Title.Text);
        Assert.Equal(["Newer Google paper", "EnvHarness: Awakening Static Worlds for Agent Learning", "Older Google paper"], feed.Items.Select(i => i.Title.Text));
    }

    [Theory]
    [InlineData("/orgs/nobody-here")]
    [InlineData("/orgs/..%2Fadmin")]
    [InlineData("/orgs/google?page=2")]
    [InlineData("/orgs/google?page=0")]
    [InlineData("/feeds/orgs/nobody-here.atom")]
    public async Task An_organization_with_no_papers_here_or_a_page_past_its_last_is_not_found(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_paper_is_markdown_at_its_md_address_and_when_asked_for_markdown()
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/papers/2608.19880.md");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType!.MediaType);
        var markdown = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("# EnvHarness: Awakening Static Worlds for Agent Learning\n\n", markdown);
        Assert.Contains("- **arXiv:** [2608.19880](https://arxiv.org/abs/2608.19880) ([PDF](https://arxiv.org/pdf/2608.19880))\n", markdown);
        Assert.Contains("- **Page:** <https://papers.example.org/papers/2608.19880>\n", markdown);
        Assert.Contains("- **Organization:** Google (`google`)\n", markdown);
        Assert.Contains("- **Upvotes:** 163\n", markdown);
        Assert.Contains("- **GitHub:** <https://github.com/google-research/envharness> (8 stars)\n", markdown);
        Assert.Contains("\n## Abstract\n\n", markdown);
        Assert.Contains("\n## Keywords\n\n- LLM agents\n", markdown);

        // The paper page answers Markdown to a client that prefers it, and HTML to a browser.
        using var asked = new HttpRequestMessage(HttpMethod.Get, "/papers/2608.19880");
        asked.Headers.Accept.ParseAdd("text/markdown");
        var negotiated = await client.SendAsync(asked);
        Assert.Equal(markdown, await negotiated.Content.ReadAsStringAsync());
        Assert.Contains("Accept", negotiated.Headers.Vary);
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/papers/2608.19880");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Assert.Equal("text/html", (await client.SendAsync(browser)).Content.Headers.ContentType!.MediaType);

        // One address per paper, in Markdown too; a paper not here is a 404.
        var versioned = await client.GetAsync("/papers/2608.19880v2.md");
        Assert.Equal(HttpStatusCode.MovedPermanently, versioned.StatusCode);
        Assert.Equal("/papers/2608.19880.md", versioned.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/papers/2608.99999.md")).StatusCode);
    }

    [Theory]
    [InlineData("*Bold* _it_ [link](javascript:alert(1)) <script>x</script> `code` a|b ~s~ &amp;", @"\*Bold\* \_it\_ \[link\](javascript:alert(1)) \<script\>x\</script\> \`code\` a\|b \~s\~ \&amp;")]
    [InlineData("# Not a heading", @"\# Not a heading")]
    [InlineData("- not a list", @"\- not a list")]
    [InlineData("2024. Not a list item", @"2024\. Not a list item")]
    [InlineData("C:\\path", @"C:\\path")]
    [InlineData("line\nbreak", "line break")]
    public void Text_from_upstream_is_literal_in_markdown(string text, string expected)
    {
        Assert.Equal(expected, PaperMarkdown.Escape(text));
    }
}
