using System.Net;
using PaperFeed.Core.Ingestion;

namespace PaperFeed.Web.Tests;

/// <summary>Full-text search over the real recorded papers, through the real app and its search index.</summary>
public sealed class SearchTests : IAsyncLifetime
{
    private readonly PaperFeedFactory _app = new();

    public Task InitializeAsync() => _app.ImportAsync("2024-05-27", "2025-03-14", "2025-06-17", "2025-09-16", "2026-08-21");

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_title_match_outranks_an_abstract_match()
    {
        // "planner" is in the title of 2503.10480 and only in the abstract of 2608.19891.
        var ids = await ResultIdsAsync("planner");

        Assert.Equal("2503.10480", ids[0]);
        Assert.Contains("2608.19891", ids);
    }

    [Fact]
    public async Task Matches_are_highlighted_and_everything_else_is_encoded()
    {
        var (_, page) = await _app.GetPageAsync("/search?q=planner");

        var title = page.QuerySelector("li.result .card-title a")!;
        Assert.Equal("World Modeling Makes a Better Planner: Dual Preference Optimization for Embodied Task Planning", title.TextContent);
        Assert.Equal("Planner", title.QuerySelector("mark")!.TextContent);
        Assert.Equal("/papers/2503.10480", title.GetAttribute("href"));
        Assert.Contains("match", page.QuerySelector("[role=status]")!.TextContent);
    }

    [Fact]
    public async Task Phrase_prefix_and_author_queries_work()
    {
        var words = await TotalAsync("language models");
        var phrase = await TotalAsync("\"large language models\"");
        Assert.InRange(phrase, 1, words);

        // "transf" is no word (nor the stem of one): only the prefix finds the transformer papers.
        Assert.Equal(0, await TotalAsync("transf"));
        Assert.True(await TotalAsync("transf*") > 0);
        // The index holds stems ("transformer" is stored as "transform"): a prefix that is a whole word still matches it.
        Assert.Equal(await TotalAsync("transformer OR transformers OR transformed OR transformation"), await TotalAsync("transformer*"));

        var (_, page) = await _app.GetPageAsync("/search?q=authors:Vuli%C4%87");
        var marked = page.QuerySelectorAll("li.result .authors mark").Select(m => m.TextContent).ToList();
        Assert.NotEmpty(marked);
        Assert.All(marked, m => Assert.Equal("Vulić", m));
        Assert.Equal(page.QuerySelectorAll("li.result").Length, marked.Count);
    }

    [Theory]
    [InlineData("\"unbalanced quote")]
    [InlineData("AND")]
    [InlineData("OR OR")]
    [InlineData("*")]
    [InlineData("NEAR(")]
    [InlineData("nosuchcolumn:word")]
    [InlineData("'; DROP TABLE Papers; --")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\"")]
    [InlineData("^")]
    public async Task A_query_that_does_not_parse_is_read_as_plain_words_never_a_500(string query)
    {
        var (response, page) = await _app.GetPageAsync($"/search?q={Uri.EscapeDataString(query)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("[role=status]"));
        Assert.DoesNotContain("<script>alert(1)", await response.Content.ReadAsStringAsync());
        var (_, list) = await _app.GetPageAsync("/papers/date/2025-03-14"); // the catalog is untouched
        Assert.Equal(26, list.QuerySelectorAll("li.card").Length);
    }

    [Fact]
    public async Task Plain_words_from_an_unparsable_query_still_find_papers()
    {
        var (_, page) = await _app.GetPageAsync("/search?q=" + Uri.EscapeDataString("\"silent branding"));

        Assert.Contains("searched as plain words", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("/papers/2503.09669", page.QuerySelector("li.result .card-title a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Filters_narrow_by_upvotes_and_featured_dates()
    {
        var (_, popular) = await _app.GetPageAsync("/search?q=model&min_upvotes=100");
        var votes = popular.QuerySelectorAll("li.result .hint").Select(h => int.Parse(h.TextContent.Split(" · ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(votes);
        Assert.All(votes, v => Assert.True(v >= 100, $"{v}"));
        Assert.True(await TotalAsync("model") > votes.Count);

        var (_, page) = await _app.GetPageAsync("/search?q=model&from=2025-06-17&to=2025-06-17");
        var hints = page.QuerySelectorAll("li.result .hint").Select(h => h.TextContent).ToList();
        Assert.NotEmpty(hints);
        Assert.All(hints, h => Assert.EndsWith("featured 2025-06-17", h));

        var (bad, _) = await _app.GetPageAsync("/search?q=model&from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Results_are_paginated()
    {
        var total = await TotalAsync("model");
        Assert.True(total > 20, $"{total}");

        var (_, first) = await _app.GetPageAsync("/search?q=model");
        var (_, second) = await _app.GetPageAsync("/search?q=model&page=2");

        Assert.Equal(20, first.QuerySelectorAll("li.result").Length);
        Assert.Equal("/search?q=model&page=2", first.QuerySelector("nav.pages a[rel=next]")!.GetAttribute("href"));
        Assert.Equal(Math.Min(20, total - 20), second.QuerySelectorAll("li.result").Length);
        Assert.Empty(first.QuerySelectorAll("li.result a").Select(a => a.GetAttribute("href")).Intersect(second.QuerySelectorAll("li.result a").Select(a => a.GetAttribute("href"))));
    }

    [Fact]
    public async Task The_index_follows_every_ingest()
    {
        var record = new PaperRecord("2611.00001", "Quokkas as a benchmark for zebrafish", "We study quokkas.", ["Ada Lovelace"], null);
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(record, new DateOnly(2026, 11, 1), 5, 0)], []));
        Assert.Equal(["2611.00001"], await ResultIdsAsync("zebrafish"));
        Assert.Equal(["2611.00001"], await ResultIdsAsync("authors:lovelace"));

        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(record with { Title = "Quokkas as a benchmark for axolotls" }, new DateOnly(2026, 11, 1), 6, 0)], []));
        Assert.Empty(await ResultIdsAsync("zebrafish"));
        Assert.Equal(["2611.00001"], await ResultIdsAsync("axolotls"));
    }

    [Fact]
    public async Task A_vote_change_alone_reaches_the_upvotes_filter()
    {
        // Only the day's vote count changes: the paper's own columns are untouched, so it is the featured entry's
        // trigger that must bring the paper back into the index.
        var record = new PaperRecord("2611.00002", "Pangolins count their own votes", "We study pangolins.", ["Ada Lovelace"], null);
        var day = new DateOnly(2026, 11, 2);
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(record, day, 7, 0)], []));
        Assert.Equal(["2611.00002"], await ResultIdsAsync("pangolins"));
        Assert.Empty(await ResultIdsAsync("pangolins", "&min_upvotes=100"));

        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(record, day, 140, 0)], []));
        Assert.Equal(["2611.00002"], await ResultIdsAsync("pangolins", "&min_upvotes=100"));

        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(record, day, 12, 0)], []));
        Assert.Empty(await ResultIdsAsync("pangolins", "&min_upvotes=100"));
    }

    [Fact]
    public async Task The_category_filter_keeps_papers_listed_in_that_category()
    {
        PaperRecord Record(string id, params string[] categories) =>
            new(id, $"Okapi gait analysis {id}", "Okapis walk.", ["Grace Hopper"], null) { Bibliography = new Bibliography(categories, categories[0], null, null, null) };
        await _app.StoreAsync(new ParsedListing(
            [new FeaturedRecord(Record("2611.00011", "cs.CL", "cs.AI"), new DateOnly(2026, 11, 2), 0, 0), new FeaturedRecord(Record("2611.00012", "cs.CV"), new DateOnly(2026, 11, 2), 0, 0)], []),
            "arxiv:cs.CL");

        Assert.Equal(2, (await ResultIdsAsync("okapi")).Count);
        Assert.Equal(["2611.00011"], await ResultIdsAsync("okapi", "&category=cs.AI"));
        Assert.Equal(["2611.00011"], await ResultIdsAsync("okapi", "&category=CS.ai+")); // any case, spaces trimmed
        Assert.Equal(["2611.00012"], await ResultIdsAsync("okapi", "&category=cs.CV"));
        Assert.Empty(await ResultIdsAsync("okapi", "&category=cs.LG"));

        var (_, page) = await _app.GetPageAsync("/search?q=okapi&category=cs.CV");
        Assert.Equal("cs.CV", page.QuerySelector("#search-category")!.GetAttribute("value"));
        Assert.Equal("/feeds/search.atom?q=okapi&category=cs.CV", page.QuerySelector("link[type='application/atom+xml'][href^='/feeds/search']")!.GetAttribute("href"));

        var (bad, _) = await _app.GetPageAsync("/search?q=okapi&category=" + Uri.EscapeDataString("cs.CL) OR (1"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var (unknown, unknownPage) = await _app.GetPageAsync("/search?q=okapi&category=bogus"); // well formed, but no arXiv category
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("\"bogus\" is not an arXiv category", unknownPage.Body!.TextContent);
    }

    [Fact]
    public async Task Every_page_of_a_long_result_list_continues_the_one_before_it()
    {
        // More matches than the title rescoring window (200): every paper appears on exactly one page.
        var records = Enumerable.Range(1, 230).Select(i => new FeaturedRecord(
            new PaperRecord($"2611.1{i:0000}", i % 7 == 0 ? $"Wombat burrows {i}" : $"Burrows of the outback {i}", $"We count wombat burrows, {i} of them.", ["Ada Lovelace"], null),
            new DateOnly(2026, 11, 3), i, 0));
        await _app.StoreAsync(new ParsedListing([.. records], []));

        var total = await TotalAsync("wombat");
        var seen = new List<string>();
        for (var page = 1; page <= (total + 19) / 20; page++)
        {
            seen.AddRange(await ResultIdsAsync("wombat", $"&page={page}"));
        }

        Assert.Equal(230, total);
        Assert.Equal(230, seen.Distinct().Count());
        Assert.Equal(230, seen.Count);
        Assert.All((await ResultIdsAsync("wombat")).Take(5), id => Assert.Equal(0, int.Parse(id[^4..], System.Globalization.CultureInfo.InvariantCulture) % 7)); // title matches first
    }

    [Fact]
    public async Task Snippets_stay_short_whatever_the_abstract_looks_like()
    {
        var unspaced = new PaperRecord("2611.00031", "Zyxwvut without spaces", new string('文', 300), ["Grace Hopper"], null);
        var phrase = new PaperRecord("2611.00032", "A long abstract", string.Join(' ', Enumerable.Repeat("filler words here", 60)) + " the quokka census method " + string.Join(' ', Enumerable.Repeat("more filler", 80)), ["Grace Hopper"], null);
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(unspaced, new DateOnly(2026, 11, 4), 1, 0), new FeaturedRecord(phrase, new DateOnly(2026, 11, 4), 1, 0)], []));

        var (response, page) = await _app.GetPageAsync("/search?q=zyxwvut");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(page.QuerySelector("li.result .blurb")!.TextContent.Length, 200, 245);

        var (_, phrased) = await _app.GetPageAsync("/search?q=" + Uri.EscapeDataString("\"quokka census\""));
        var blurb = phrased.QuerySelector("li.result .blurb")!;
        Assert.InRange(blurb.TextContent.Length, 100, 260);
        Assert.StartsWith("…", blurb.TextContent);
        Assert.EndsWith("…", blurb.TextContent);
        Assert.Equal(["quokka", "census"], blurb.QuerySelectorAll("mark").Select(m => m.TextContent));
    }

    [Theory]
    [InlineData("TITLE:planner", false)] // field names in any case
    [InlineData("model foo:agents", true)] // an unknown field: plain words, the colon separates them
    [InlineData("model~", true)] // fuzzy: too slow over a large catalog
    [InlineData("/mod.*/", true)] // regular expression: the same
    [InlineData("upvotes:[1 TO 5]", true)] // ranges: nothing to range over
    [InlineData("mo*", true)] // a prefix of two letters would read most of the index
    [InlineData("tr?nsformer", true)] // wildcards inside a word: the same
    [InlineData("lang* mod* ben* age* pla* tra*", true)] // more than five prefixes in one query
    public async Task Field_names_are_read_in_any_case_and_costly_syntax_as_plain_words(string query, bool plain)
    {
        var (response, page) = await _app.GetPageAsync($"/search?q={Uri.EscapeDataString(query)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(plain, page.QuerySelector("[role=status]")!.TextContent.Contains("searched as plain words", StringComparison.Ordinal));
        if (!plain)
        {
            Assert.Equal("/papers/2503.10480", page.QuerySelector("li.result .card-title a")!.GetAttribute("href"));
        }
    }

    [Theory]
    [InlineData("ag*", "(searched as plain words: prefixes need 3 letters, and a query at most 5 of them)")]
    [InlineData("lang* mod* ben* age* pla* tra*", "(searched as plain words: prefixes need 3 letters, and a query at most 5 of them)")]
    [InlineData("model foo:agents", "(searched as plain words: foo: is not a field (title:, authors: and abstract: are))")]
    [InlineData("\"unbalanced", "(searched as plain words: it is not valid query syntax)")]
    public async Task A_query_read_as_plain_words_says_why(string query, string why)
    {
        var (_, page) = await _app.GetPageAsync($"/search?q={Uri.EscapeDataString(query)}");

        Assert.Contains(why, page.QuerySelector("[role=status]")!.TextContent);
    }

    [Fact]
    public async Task Every_page_has_a_search_box()
    {
        var (_, page) = await _app.GetPageAsync("/papers/2503.10480");

        var form = page.QuerySelector("header form[role=search]")!;
        Assert.Equal("/search", form.GetAttribute("action"));
        Assert.Equal("Search papers", page.QuerySelector("label[for=header-q]")!.TextContent);
    }

    private Task<List<string>> ResultIdsAsync(string query, string extra = "") => _app.SearchResultIdsAsync(query, extra);

    private async Task<int> TotalAsync(string query)
    {
        var (_, page) = await _app.GetPageAsync($"/search?q={Uri.EscapeDataString(query)}");
        var status = page.QuerySelector("[role=status]")!.TextContent.Trim();
        return status.StartsWith("No papers", StringComparison.Ordinal) ? 0 : int.Parse(status.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
