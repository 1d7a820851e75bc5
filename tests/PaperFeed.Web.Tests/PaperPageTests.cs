using System.Net;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

public sealed class PaperPageTests : IAsyncLifetime
{
    private readonly PaperFeedFactory _app = new();

    public Task InitializeAsync() => _app.ImportAsync("2025-09-16", "2026-08-21");

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Shows_the_full_abstract_every_author_keywords_links_and_featured_days()
    {
        var recorded = DailyPapersParser.Parse(Fixtures.Bytes("hf-daily-papers/2025-09-16.json"), null).Entries[0];

        var (response, page) = await _app.GetPageAsync("/papers/2509.12201");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(recorded.Paper.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Equal($"{recorded.Paper.Title} · PaperFeed", page.Title);
        Assert.Equal(string.Join(", ", recorded.Paper.Authors), page.QuerySelector(".all-authors")!.TextContent);
        Assert.Equal(19, recorded.Paper.Authors.Count);
        Assert.Equal(recorded.Paper.Abstract, string.Join("\n\n", page.QuerySelectorAll("section[aria-labelledby=abstract-title] p").Select(p => p.TextContent)));
        Assert.Equal(recorded.Paper.Keywords, page.QuerySelectorAll(".keywords li").Select(li => li.TextContent));
        var links = page.QuerySelectorAll(".paper-links a").ToDictionary(a => a.TextContent, a => a.GetAttribute("href"));
        Assert.Equal("https://arxiv.org/abs/2509.12201", links["arXiv abstract"]);
        Assert.Equal("https://arxiv.org/pdf/2509.12201", links["PDF"]);
        Assert.Equal("https://github.com/yangzhou24/OmniWorld", links["GitHub ★ 70"]);
        Assert.Equal("https://yangzhou24.github.io/OmniWorld/", links["Project page"]);
        var featured = page.QuerySelector(".featured li")!;
        Assert.Equal("/papers/date/2025-09-16", featured.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("58 upvotes, 1 comment", featured.TextContent);
    }

    [Fact]
    public async Task Cites_as_bibtex_on_the_page_and_at_its_own_address_for_reference_managers()
    {
        var (_, page) = await _app.GetPageAsync("/papers/2509.12201");
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var bib = await client.GetAsync("/papers/2509.12201.bib");
        using var versioned = await client.GetAsync("/papers/2509.12201v2.bib");

        Assert.Equal(HttpStatusCode.OK, bib.StatusCode);
        Assert.Equal("application/x-bibtex", bib.Content.Headers.ContentType!.MediaType);
        var entry = await bib.Content.ReadAsStringAsync();
        Assert.StartsWith("@misc{zhou2025omniworld,", entry);
        Assert.Contains("  eprint        = {2509.12201},", entry);
        Assert.Contains("  url           = {https://arxiv.org/abs/2509.12201},", entry);
        Assert.Equal(entry, page.QuerySelector(".cite pre.bibtex")!.TextContent);
        Assert.Equal("/papers/2509.12201.bib", page.QuerySelector(".cite a[download]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.MovedPermanently, versioned.StatusCode);
        Assert.Equal("/papers/2509.12201.bib", versioned.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Carries_open_graph_and_twitter_card_tags_with_absolute_links()
    {
        var (_, page) = await _app.GetPageAsync("/papers/2608.19880");

        string? Meta(string selector) => page.QuerySelector(selector)?.GetAttribute("content");
        Assert.Equal("EnvHarness: Awakening Static Worlds for Agent Learning", Meta("meta[property='og:title']"));
        Assert.Equal("http://localhost:5000/papers/2608.19880", Meta("meta[property='og:url']"));
        Assert.Equal("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png", Meta("meta[property='og:image']"));
        Assert.StartsWith("EnvHarness and EnvRigger dynamically reshape", Meta("meta[property='og:description']"));
        Assert.Equal("summary_large_image", Meta("meta[name='twitter:card']"));
        Assert.Equal(Meta("meta[property='og:description']"), Meta("meta[name=description]"));
    }

    [Fact]
    public async Task Old_style_arxiv_ids_work_in_paper_urls()
    {
        var record = new PaperRecord("astro-ph/0601001", "An old-style paper", "Abstract text.", ["A. Author"], new DateTime(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(record, new DateOnly(2026, 8, 20), 3, 0)], []));

        var (response, page) = await _app.GetPageAsync("/papers/astro-ph/0601001");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("An old-style paper", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("https://arxiv.org/abs/astro-ph/0601001", page.QuerySelector(".paper-links a")!.GetAttribute("href"));
        var (_, list) = await _app.GetPageAsync("/papers/date/2026-08-20");
        Assert.Equal("/papers/astro-ph/0601001", list.QuerySelector("li.card .card-title a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Shows_categories_doi_and_journal_reference_when_known()
    {
        var record = new PaperRecord("2608.00042", "A paper arXiv described", "Abstract.", ["A. Author"], null)
        {
            Bibliography = new Bibliography(["cs.CL", "cs.LG"], "cs.CL", "10.1000/xyz123", "Journal of Examples 1 (2026)", "9 pages"),
        };
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(record, new DateOnly(2026, 8, 20), 1, 0)], []));

        var (_, page) = await _app.GetPageAsync("/papers/2608.00042");

        var facts = page.QuerySelectorAll(".bibliography dt").Select(dt => (dt.TextContent, dt.NextElementSibling!.TextContent)).ToList();
        Assert.Equal([("Categories", "cs.CL, cs.LG"), ("DOI", "10.1000/xyz123"), ("Journal reference", "Journal of Examples 1 (2026)"), ("Comment", "9 pages")], facts);
        Assert.Equal("https://doi.org/10.1000/xyz123", page.QuerySelector(".bibliography a")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("/papers/2509.12201v2")]
    [InlineData("/papers/arXiv:2509.12201")]
    public async Task Versioned_and_prefixed_ids_redirect_to_the_one_address_of_the_paper(string path)
    {
        var (response, _) = await _app.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/papers/2509.12201", response.Headers.Location!.OriginalString);
    }
}
