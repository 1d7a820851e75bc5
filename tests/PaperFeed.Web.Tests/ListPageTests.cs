using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>The daily, weekly and monthly lists, rendered by the real app from a real SQLite file.</summary>
public sealed class ListPageTests : IAsyncLifetime
{
    private readonly PaperFeedFactory _app = new();

    public Task InitializeAsync() => _app.ImportAsync("2024-05-27", "2025-03-14", "2025-06-17", "2025-09-16", "2026-08-21");

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("2024-05-27")]
    [InlineData("2025-03-14")]
    [InlineData("2025-06-17")]
    [InlineData("2025-09-16")]
    [InlineData("2026-08-21")]
    public async Task A_day_lists_every_paper_in_upvote_order_with_its_details(string day)
    {
        var expected = RecordedDay(day)
            .OrderByDescending(e => e.Upvotes).ThenByDescending(e => e.Comments).ThenBy(e => e.Paper.ArxivId, StringComparer.Ordinal)
            .ToList();

        var (response, page) = await _app.GetPageAsync($"/papers/date/{day}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cards = page.QuerySelectorAll("ol.cards > li.card");
        Assert.Equal(expected.Count, cards.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            var card = cards[i];
            var paper = expected[i].Paper;
            Assert.Equal($"Rank #{i + 1}", card.QuerySelector(".rank")!.TextContent.Trim()); // "Rank " for screen readers only
            var title = card.QuerySelector(".card-title a")!;
            Assert.Equal(paper.Title, title.TextContent);
            Assert.Equal($"/papers/{paper.ArxivId}", title.GetAttribute("href"));
            Assert.Equal(expected[i].Upvotes.ToString(CultureInfo.InvariantCulture), card.QuerySelector(".votes .count")!.TextContent);
            Assert.StartsWith($"{expected[i].Comments} comment", card.QuerySelector(".comments")!.TextContent);
            Assert.StartsWith(paper.Authors[0], card.QuerySelector(".authors")!.TextContent);
            var links = card.QuerySelectorAll(".links a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Contains($"https://arxiv.org/abs/{paper.ArxivId}", links);
            Assert.Contains($"https://arxiv.org/pdf/{paper.ArxivId}", links);
            Assert.Contains($"https://huggingface.co/papers/{paper.ArxivId}", links);
            Assert.Equal(paper.GithubRepo is not null, links.Contains(paper.GithubRepo));
            Assert.Equal(paper.ProjectPage is not null, links.Contains(paper.ProjectPage));
            Assert.Null(card.QuerySelector("img.thumb")); // no local copy yet, and never a third party's image
        }
    }

    [Fact]
    public async Task Cards_show_the_ai_summary_or_the_start_of_the_abstract_and_a_count_of_further_authors()
    {
        var (_, page) = await _app.GetPageAsync("/papers/date/2025-06-17");
        var top = page.QuerySelector("ol.cards > li.card")!;
        Assert.StartsWith("A hybrid-attention reasoning model", top.QuerySelector(".blurb")!.TextContent);
        Assert.Equal("MiniMax, Aili Chen, Aonian Li, Bangwei Gong and 123 more", top.QuerySelector(".authors")!.TextContent);

        var (_, old) = await _app.GetPageAsync("/papers/date/2024-05-27");
        var blurb = old.QuerySelector("ol.cards > li.card .blurb")!.TextContent;
        Assert.StartsWith("High-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive visual tokens", blurb);
        Assert.EndsWith("…", blurb);
    }

    [Fact]
    public async Task The_home_page_shows_the_latest_day_that_has_papers()
    {
        var (response, page) = await _app.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Friday, August 21, 2026", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(17, page.QuerySelectorAll("li.card").Length);
        Assert.Equal("EnvHarness: Awakening Static Worlds for Agent Learning", page.QuerySelector("li.card .card-title")!.TextContent);
        Assert.Equal("/papers/date/2026-08-21", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Papers_without_more_is_the_latest_day_as_on_hugging_face()
    {
        var (response, page) = await _app.GetPageAsync("/papers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Friday, August 21, 2026", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Previous_and_next_skip_days_without_papers()
    {
        var (_, page) = await _app.GetPageAsync("/papers/date/2025-06-17");

        Assert.Equal("/papers/date/2025-03-14", page.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/papers/date/2025-09-16", page.QuerySelector("a[rel=next]")!.GetAttribute("href"));

        var (_, first) = await _app.GetPageAsync("/papers/date/2024-05-27");
        Assert.Null(first.QuerySelector(".pager a[rel=prev]"));
        var (_, last) = await _app.GetPageAsync("/papers/date/2026-08-21");
        Assert.Null(last.QuerySelector(".pager a[rel=next]"));
    }

    [Fact]
    public async Task Tabs_switch_between_the_day_its_week_and_its_month()
    {
        var (_, page) = await _app.GetPageAsync("/papers/date/2025-03-14");
        var tabs = page.QuerySelectorAll("nav.tabs a").ToDictionary(a => a.TextContent, a => a.GetAttribute("href"));

        Assert.Equal("/papers/date/2025-03-14", tabs["Daily"]);
        Assert.Equal("/papers/week/2025-W11", tabs["Weekly"]);
        Assert.Equal("/papers/month/2025-03", tabs["Monthly"]);
        Assert.Equal("Daily", page.QuerySelector("nav.tabs a[aria-current=page]")!.TextContent);
    }

    [Fact]
    public async Task Week_and_month_lists_hold_the_papers_of_their_days()
    {
        var (week, weekPage) = await _app.GetPageAsync("/papers/week/2025-W11");
        Assert.Equal(HttpStatusCode.OK, week.StatusCode);
        Assert.Equal("Week 11 of 2025 (Mar 10 – Mar 16)", weekPage.QuerySelector("h1")!.TextContent);
        Assert.Equal(26, weekPage.QuerySelectorAll("li.card").Length);
        Assert.Equal("/papers/week/2024-W22", weekPage.QuerySelector(".pager a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/papers/week/2025-W25", weekPage.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));

        var (_, monthPage) = await _app.GetPageAsync("/papers/month/2025-06");
        Assert.Equal("June 2025", monthPage.QuerySelector("h1")!.TextContent);
        Assert.Equal(24, monthPage.QuerySelectorAll("li.card").Length);
    }

    [Fact]
    public async Task A_paper_featured_on_several_days_of_a_week_appears_once_with_its_highest_count()
    {
        // The top paper of 2025-06-17 again on the next day with more votes, as Hugging Face's running totals grow.
        var next = RecordedDay("2025-06-17").Take(2).Select(e => e with { Date = new DateOnly(2025, 6, 18), Upvotes = e.Upvotes + 10 }).ToList();
        await _app.StoreAsync(new ParsedListing(next, []));

        var (_, page) = await _app.GetPageAsync("/papers/week/2025-W25");

        Assert.Equal(24, page.QuerySelectorAll("li.card").Length);
        Assert.Equal("158", page.QuerySelector("li.card .votes .count")!.TextContent);
        var (_, day) = await _app.GetPageAsync("/papers/date/2025-06-18");
        Assert.Equal(2, day.QuerySelectorAll("li.card").Length);
    }

    [Fact]
    public async Task Newest_sorts_by_arxiv_publication_time()
    {
        var expected = RecordedDay("2025-03-14").OrderByDescending(e => e.Paper.PublishedAt).Select(e => e.Paper.ArxivId).ToList();

        var (_, page) = await _app.GetPageAsync("/papers/date/2025-03-14?sort=newest");

        Assert.Equal(expected, page.QuerySelectorAll("li.card .card-title a").Select(a => a.GetAttribute("href")!["/papers/".Length..]));
        Assert.Equal("/papers/date/2024-05-27?sort=newest", page.QuerySelector(".pager a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("Newest", page.QuerySelector(".sort a[aria-current=true]")!.TextContent);
    }

    [Fact]
    public async Task A_valid_day_without_papers_is_a_friendly_page_with_the_nearest_days()
    {
        var (response, page) = await _app.GetPageAsync("/papers/date/2025-05-01");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("No papers on this day", page.QuerySelector(".empty h2")!.TextContent);
        var nearest = page.QuerySelectorAll(".empty a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/papers/date/2025-03-14", "/papers/date/2025-06-17"], nearest);
    }

    [Theory]
    [InlineData("/papers/date/2025-13-01")]
    [InlineData("/papers/date/2025-02-30")]
    [InlineData("/papers/date/yesterday")]
    [InlineData("/papers/week/2025-W60")]
    [InlineData("/papers/week/2025-11")]
    [InlineData("/papers/month/2025-13")]
    [InlineData("/papers/month/March")]
    [InlineData("/papers/9999.99999")]
    [InlineData("/papers/not-a-paper")]
    [InlineData("/papers/astro-ph/0601001")]
    [InlineData("/no/such/page")]
    [InlineData("/papers/month/2025-03?page=99")]
    [InlineData("/papers/month/2025-03?page=0")]
    [InlineData("/papers/month/2025-03?page=abc")]
    public async Task Unknown_papers_and_malformed_dates_are_a_real_404_page(string path)
    {
        var (response, page) = await _app.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("/", page.QuerySelector("main a[href='/']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_list_page_is_one_database_query()
    {
        await _app.GetPageAsync("/papers/date/2025-06-17");
        _app.SqlCommands.Clear();

        var (_, page) = await _app.GetPageAsync("/papers/month/2025-03");

        Assert.Equal(26, page.QuerySelectorAll("li.card").Length);
        Assert.Single(_app.SqlCommands);
    }

    [Fact]
    public async Task Long_lists_are_paginated()
    {
        // 30 cards per page: March 2025 plus a day of 20 more papers makes 46.
        var extra = RecordedDay("2026-08-21").Concat(RecordedDay("2024-05-27").Take(3))
            .Select(e => e with { Date = new DateOnly(2025, 3, 20) }).ToList();
        await _app.StoreAsync(new ParsedListing(extra, []));

        var (_, first) = await _app.GetPageAsync("/papers/month/2025-03");
        Assert.Equal(30, first.QuerySelectorAll("li.card").Length);
        Assert.Equal("Page 1 of 2", first.QuerySelector("nav.pages span")!.TextContent);
        Assert.Equal("/papers/month/2025-03?page=2", first.QuerySelector("nav.pages a[rel=next]")!.GetAttribute("href"));

        var (_, second) = await _app.GetPageAsync("/papers/month/2025-03?page=2");
        Assert.Equal(16, second.QuerySelectorAll("li.card").Length);
        Assert.Equal("Rank #31", second.QuerySelector("li.card .rank")!.TextContent);
    }

    [Fact]
    public async Task A_day_is_one_page_up_to_200_papers_and_says_so_past_that()
    {
        // A day with 201 papers (Hugging Face features up to ~50; an arXiv category can announce hundreds).
        var day = new DateOnly(2025, 11, 3);
        var papers = Enumerable.Range(1, 201)
            .Select(i => new FeaturedRecord(new PaperRecord($"2511.{i:D5}", $"Paper number {i}", "Abstract.", ["A. Author"], null), day, 1000 - i, 0))
            .ToList();
        await _app.StoreAsync(new ParsedListing(papers, []));

        var (_, first) = await _app.GetPageAsync("/papers/date/2025-11-03");
        var titles = first.QuerySelectorAll("li.card .card-title").Select(t => t.TextContent).ToList();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"Paper number {i}"), titles); // the whole page, by upvotes
        Assert.Equal("Page 1 of 2", first.QuerySelector("nav.pages span")!.TextContent);
        Assert.Equal("A day shows 200 papers a page.", first.QuerySelector("nav.pages .hint")!.TextContent);

        var (_, second) = await _app.GetPageAsync("/papers/date/2025-11-03?page=2");
        Assert.Equal("Paper number 201", second.QuerySelector("li.card .card-title")!.TextContent);
        Assert.Equal("201", second.QuerySelector("ol.cards")!.GetAttribute("start")); // the list's numbering continues

        // Every recorded day (up to 26 papers) is one page with no pager; so is a week of 26 (weeks page at 30).
        var (_, recorded) = await _app.GetPageAsync("/papers/date/2025-03-14");
        Assert.Equal(26, recorded.QuerySelectorAll("li.card").Length);
        Assert.Null(recorded.QuerySelector("nav.pages"));
    }

    private static List<FeaturedRecord> RecordedDay(string day) =>
        [.. DailyPapersParser.Parse(Fixtures.Bytes($"hf-daily-papers/{day}.json"), DateOnly.Parse(day, CultureInfo.InvariantCulture)).Entries];
}
