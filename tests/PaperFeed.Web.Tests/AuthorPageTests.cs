using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;

namespace PaperFeed.Web.Tests;

/// <summary>Author pages: every paper by a name, whichever way a source spelled it, newest first, paged, with a feed.</summary>
public sealed class AuthorPageTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 9, 1);
    private readonly PaperFeedFactory _app = new();

    public Task InitializeAsync() => _app.ImportAsync("2025-09-16", "2026-08-21");

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Names_spelled_with_or_without_accents_in_any_case_or_in_tex_are_one_author_shown_as_most_papers_spell_it()
    {
        await _app.StoreAsync(new ParsedListing(
        [
            Featured("2609.00001", "Jürgen Müller", new DateTime(2026, 8, 30, 0, 0, 0, DateTimeKind.Utc)),
            Featured("2609.00002", "Jurgen Muller", new DateTime(2026, 8, 31, 0, 0, 0, DateTimeKind.Utc)),
            Featured("2609.00003", "J\\\"urgen M\\\"uller", new DateTime(2026, 8, 29, 0, 0, 0, DateTimeKind.Utc)),
            Featured("2609.00004", "JÜRGEN  MÜLLER", new DateTime(2026, 8, 28, 0, 0, 0, DateTimeKind.Utc)),
            Featured("2609.00005", "Jürgen Müller", new DateTime(2026, 8, 27, 0, 0, 0, DateTimeKind.Utc)),
            Featured("2609.00006", "Jürgen Müllerson", new DateTime(2026, 8, 26, 0, 0, 0, DateTimeKind.Utc)),
        ], []));

        var (response, page) = await _app.GetPageAsync("/authors/jurgen%20muller");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Papers by Jürgen Müller", page.QuerySelector("h1")!.TextContent);
        // Newest on arXiv first; the other spellings are named.
        Assert.Equal(["2609.00002", "2609.00001", "2609.00003", "2609.00004", "2609.00005"], Ids(page));
        Assert.Contains("Also written", page.QuerySelector(".origin")!.TextContent);
        Assert.Contains("Jurgen Muller", page.QuerySelector(".origin")!.TextContent);
        Assert.Equal("/authors/J%C3%BCrgen%20M%C3%BCller", page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task A_paper_page_links_each_author_to_their_page_and_that_page_lists_the_paper()
    {
        var (_, paper) = await _app.GetPageAsync("/papers/2509.12201");
        var first = paper.QuerySelector(".all-authors a")!;

        Assert.Equal("Yang Zhou", first.TextContent);
        Assert.Equal("/authors/Yang%20Zhou", first.GetAttribute("href"));
        var (response, author) = await _app.GetPageAsync(first.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2509.12201", Ids(author));
    }

    [Fact]
    public async Task Thirty_papers_a_page_with_links_to_the_next_and_back_and_a_feed_of_the_newest()
    {
        await _app.StoreAsync(new ParsedListing(
            [.. Enumerable.Range(1, 31).Select(i => Featured($"2609.{i:00000}", "Prolific Author", new DateTime(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i)))], []));

        var (_, first) = await _app.GetPageAsync("/authors/Prolific%20Author");
        var (_, second) = await _app.GetPageAsync("/authors/Prolific%20Author?page=2");
        var (past, _) = await _app.GetPageAsync("/authors/Prolific%20Author?page=3");
        var feed = XDocument.Parse(await _app.CreateClient().GetStringAsync("/feeds/authors/Prolific%20Author.atom"));

        Assert.Equal(30, Ids(first).Count);
        Assert.Equal("2609.00031", Ids(first)[0]);
        Assert.Equal("/authors/Prolific%20Author?page=2", first.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Equal(["2609.00001"], Ids(second));
        Assert.Equal("/authors/Prolific%20Author", second.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.NotFound, past.StatusCode);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal(31, feed.Root!.Elements(atom + "entry").Count());
        Assert.Equal("PaperFeed: papers by Prolific Author", feed.Root.Element(atom + "title")!.Value);
    }

    [Theory]
    [InlineData("/authors/Nobody%20Here")]
    [InlineData("/authors/%2E%2E%2E")]
    [InlineData("/feeds/authors/Nobody%20Here.atom")]
    public async Task A_name_no_paper_has_is_not_found(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_authors_of_papers_stored_before_author_pages_are_filled_in_when_a_process_starts()
    {
        // As a catalog from before this version: no author rows and no record of the step.
        await _app.WithDbAsync(async db =>
        {
            await db.PaperAuthors.ExecuteDeleteAsync();
            await db.DataSteps.ExecuteDeleteAsync();
        });
        var (before, _) = await _app.GetPageAsync("/authors/Yang%20Zhou");

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None); // what every process does when it starts
        }

        var (after, page) = await _app.GetPageAsync("/authors/Yang%20Zhou");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("2509.12201", Ids(page));
        await _app.WithDbAsync(async db => Assert.Equal(1, await db.DataSteps.CountAsync(s => s.Name == DataStep.AuthorRows)));
    }

    private static FeaturedRecord Featured(string id, string author, DateTime published) =>
        new(new PaperRecord(id, $"A study {id}", "An abstract.", [author, "Someone Else"], published), Day, 1, 0);

    private static List<string> Ids(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("ol.cards .card-title a").Select(a => a.GetAttribute("href")!["/papers/".Length..])];
}
