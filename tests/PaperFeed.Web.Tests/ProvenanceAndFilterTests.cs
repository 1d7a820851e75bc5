using System.Net;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;

namespace PaperFeed.Web.Tests;

/// <summary>Every list says where it comes from, can be narrowed to an arXiv category, and a paper page lists every source that reported it.</summary>
public sealed class ProvenanceAndFilterTests : IAsyncLifetime
{
    // On Hugging Face's list of 2025-03-14; arXiv then announces it in cs.CV with its own bibliographic data.
    private const string Planner = "2503.10480";
    private readonly PaperFeedFactory _app = new();

    public async Task InitializeAsync()
    {
        await _app.ImportAsync("2025-03-14");
        var arxiv = new PaperRecord(Planner, "World Modeling Makes a Better Planner (arXiv)", "Abstract as arXiv has it.", ["Siyin Wang"], null)
        {
            Bibliography = new Bibliography(["cs.CV", "cs.AI"], "cs.CV", null, null, null),
        };
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(arxiv, new DateOnly(2025, 3, 14), 0, 0)], []), "arxiv:cs.CV");
        var trending = new PaperRecord("2503.09669", "Silent Branding Attack", "Trending.", ["A. Author"], null);
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(trending, new DateOnly(2025, 3, 15), 120, 3)], []), SourceNames.HuggingFaceTrending);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_list_says_where_it_comes_from()
    {
        var (_, daily) = await _app.GetPageAsync("/papers/date/2025-03-14");
        var (_, category) = await _app.GetPageAsync("/arxiv/cs.CV");
        var (_, trending) = await _app.GetPageAsync("/trending");

        Assert.StartsWith("Papers that Hugging Face's community featured each day", daily.QuerySelector(".origin")!.TextContent);
        Assert.Equal("https://huggingface.co/papers", daily.QuerySelector(".origin a")!.GetAttribute("href"));
        Assert.StartsWith("New submissions and cross-lists that arXiv announced in cs.CV", category.QuerySelector(".origin")!.TextContent);
        Assert.Equal("https://arxiv.org/list/cs.CV/new", category.QuerySelector(".origin a")!.GetAttribute("href"));
        Assert.Equal("Trending: Saturday, March 15, 2025", trending.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("Hugging Face's trending papers", trending.QuerySelector(".origin")!.TextContent);
        Assert.Equal(["/papers/2503.09669"], trending.QuerySelectorAll("li.card .card-title a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Only_categories_that_papers_on_the_page_have_are_offered_as_filters()
    {
        var (_, day) = await _app.GetPageAsync("/papers/date/2025-03-14");
        var (_, trending) = await _app.GetPageAsync("/trending");
        var (_, filtered) = await _app.GetPageAsync("/papers/date/2025-03-14?category=cs.LG");

        // One paper of the day has arXiv's categories (cs.CV, cs.AI); the others have none yet.
        Assert.Equal(["All", "cs.CV", "cs.AI"], day.QuerySelectorAll(".filters a").Select(a => a.TextContent));
        Assert.Null(trending.QuerySelector(".filters")); // no paper on it has a category: no link would find anything
        Assert.Equal(["All", "cs.LG"], filtered.QuerySelectorAll(".filters a").Select(a => a.TextContent)); // the filter in use stays
    }

    [Fact]
    public async Task A_list_can_be_narrowed_to_an_arxiv_category_and_keeps_the_filter_while_browsing()
    {
        var (_, all) = await _app.GetPageAsync("/papers/date/2025-03-14");
        var (response, page) = await _app.GetPageAsync("/papers/date/2025-03-14?category=cs.CV");

        Assert.Equal(26, all.QuerySelectorAll("li.card").Length);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["/papers/" + Planner], page.QuerySelectorAll("li.card .card-title a").Select(a => a.GetAttribute("href")));
        Assert.Equal("1 paper", page.QuerySelector(".sort .total")!.TextContent);
        Assert.EndsWith(" in cs.CV", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("cs.CV", page.QuerySelector(".filters a[aria-current=true]")!.TextContent);
        Assert.Equal("/papers/date/2025-03-14?sort=newest&category=cs.CV", page.QuerySelector(".sort a[href*=newest]")!.GetAttribute("href"));
        Assert.Equal("/papers/week/2025-W11?category=cs.CV", page.QuerySelector("nav.tabs a[href*=week]")!.GetAttribute("href"));

        var (_, none) = await _app.GetPageAsync("/papers/date/2025-03-14?category=cs.LG");
        Assert.Empty(none.QuerySelectorAll("li.card"));
        Assert.Contains("Papers get their arXiv categories from arXiv", none.QuerySelector(".empty")!.TextContent);
        Assert.Equal("/papers/date/2025-03-14", none.QuerySelector(".empty a")!.GetAttribute("href"));

        var (bad, _) = await _app.GetPageAsync("/papers/date/2025-03-14?category=" + Uri.EscapeDataString("<script>"));
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
    }

    [Fact]
    public async Task A_paper_page_names_every_list_it_was_on_and_whose_text_it_shows()
    {
        var (_, page) = await _app.GetPageAsync("/papers/" + Planner);

        Assert.Equal("World Modeling Makes a Better Planner (arXiv)", page.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("Title, abstract and authors from arXiv", page.QuerySelector("[aria-labelledby=origin-title] .hint")!.TextContent.Trim());
        var listed = page.QuerySelectorAll(".featured li").ToDictionary(li => li.QuerySelector("a")!.GetAttribute("href")!, li => li.TextContent);
        Assert.Equal(["/arxiv/cs.CV/date/2025-03-14", "/papers/date/2025-03-14"], listed.Keys.Order());
        Assert.Contains("in arXiv's cs.CV announcements", listed["/arxiv/cs.CV/date/2025-03-14"]);
        Assert.Contains("on Hugging Face Daily Papers", listed["/papers/date/2025-03-14"]);

        var (_, other) = await _app.GetPageAsync("/papers/2503.09669");
        Assert.StartsWith("Title, abstract and authors from Hugging Face", other.QuerySelector("[aria-labelledby=origin-title] .hint")!.TextContent.Trim());
        Assert.Contains(other.QuerySelectorAll(".featured li a"), a => a.GetAttribute("href") == "/trending/date/2025-03-15");
    }

    [Fact]
    public async Task With_a_category_the_previous_and_next_days_are_days_that_have_papers_in_it()
    {
        await _app.ImportAsync("2025-06-17", "2025-09-16"); // days with no cs.CV paper between 2025-03-14 and a later cs.CV day
        var later = new PaperRecord("2510.00001", "A later vision paper", "Pixels.", ["A. Author"], null) { Bibliography = new Bibliography(["cs.CV"], "cs.CV", null, null, null) };
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(later, new DateOnly(2025, 10, 1), 3, 0)], []));

        var (_, page) = await _app.GetPageAsync("/papers/date/2025-03-14?category=cs.CV");
        Assert.Equal("/papers/date/2025-10-01?category=cs.CV", page.QuerySelector(".list-head a[rel=next]")!.GetAttribute("href"));

        var (_, unfiltered) = await _app.GetPageAsync("/papers/date/2025-03-14");
        Assert.Equal("/papers/date/2025-06-17", unfiltered.QuerySelector(".list-head a[rel=next]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Arxiv_lists_and_arxiv_papers_are_not_dressed_as_hugging_faces()
    {
        var arxivOnly = new PaperRecord("2503.20001", "Only on arXiv", "Announced only.", ["B. Author"], null) { Bibliography = new Bibliography(["cs.CV"], "cs.CV", null, null, null) };
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(arxivOnly, new DateOnly(2025, 3, 14), 0, 0)], []), "arxiv:cs.CV");

        var (_, list) = await _app.GetPageAsync("/arxiv/cs.CV/date/2025-03-14");
        Assert.Equal(2, list.QuerySelectorAll("li.card").Length);
        Assert.Empty(list.QuerySelectorAll("li.card .rank, li.card .votes"));
        Assert.Contains("In arXiv's order", list.QuerySelector(".sort")!.TextContent);

        var (_, paper) = await _app.GetPageAsync("/papers/2503.20001");
        Assert.Equal("/arxiv/cs.CV", paper.QuerySelector(".crumbs a")!.GetAttribute("href"));
        Assert.Null(paper.QuerySelector(".meta"));
        Assert.DoesNotContain("Hugging Face", paper.QuerySelector("[aria-labelledby=origin-title] .hint")!.TextContent);

        var (_, empty) = await _app.GetPageAsync("/arxiv/cs.CV/date/2025-03-16");
        Assert.Contains("arXiv announces nothing on weekends", empty.QuerySelector(".empty")!.TextContent);
    }

    [Fact]
    public async Task The_trending_list_keeps_hugging_faces_order_and_can_be_sorted_by_upvotes()
    {
        PaperRecord Record(string id) => new(id, $"Trending paper {id}", "Trending.", ["A. Author"], null);
        await _app.StoreAsync(
            new ParsedListing([.. new[] { ("2511.00002", 10), ("2511.00001", 50), ("2511.00003", 5) }.Select(p => new FeaturedRecord(Record(p.Item1), new DateOnly(2025, 11, 20), p.Item2, 0))], []),
            SourceNames.HuggingFaceTrending);

        var (_, page) = await _app.GetPageAsync("/trending");
        var (_, byVotes) = await _app.GetPageAsync("/trending/date/2025-11-20?sort=upvotes");

        Assert.Equal(["2511.00002", "2511.00001", "2511.00003"], Ids(page));
        Assert.Equal("Trending", page.QuerySelector(".sort a[aria-current=true]")!.TextContent);
        Assert.Equal(["2511.00001", "2511.00002", "2511.00003"], Ids(byVotes));
        Assert.Equal("/trending/date/2025-11-20", byVotes.QuerySelector(".sort a")!.GetAttribute("href"));

        static List<string> Ids(AngleSharp.Html.Dom.IHtmlDocument page) =>
            [.. page.QuerySelectorAll("li.card .card-title a").Select(a => a.GetAttribute("href")!["/papers/".Length..])];
    }
}
