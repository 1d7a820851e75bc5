using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Library;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Testing;
using static PaperFeed.Web.Tests.BrowserForms;

namespace PaperFeed.Web.Tests;

/// <summary>
/// A subscriber's library through the real app, from a digest received over SMTP: the "Save" and "Not for me" links
/// (a page and a button), the library on the preferences page, its exports and feed, and the ranking preference.
/// </summary>
public sealed class LibraryTests : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;
    private PaperFeedFactory _app = null!;

    public Task InitializeAsync()
    {
        _smtp = TestSmtpServer.Start();
        _app = new PaperFeedFactory(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["App:PublicBaseUrl"] = "http://localhost",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Opening_a_save_link_changes_nothing_the_button_saves_and_the_library_lists_exports_and_feeds_it()
    {
        var (subscription, digest) = await DigestAsync("reader@example.org");
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var savePath = PathOf(MailLinks.Mark(digest, "2608.19880"));

        // Opened, as a mail scanner would: the paper and a button, nothing saved.
        var (opened, page) = await GetAsync(browser, savePath);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("Save to my library", page.QuerySelector("main form button")!.TextContent);
        Assert.Contains("EnvHarness", page.QuerySelector(".mark-paper h2")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await MarksAsync(subscription.Id));

        var saved = await PostFormAsync(browser, savePath, savePath, []);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, done) = await GetAsync(browser, saved.Headers.Location!.OriginalString);
        Assert.Equal("Saved to your library", done.QuerySelector("main h1")!.TextContent);
        Assert.Equal([("2608.19880", MarkKind.Saved)], await MarksAsync(subscription.Id));

        // A second paper, then the preferences page: newest first, with the exports.
        var second = PathOf(MailLinks.Mark(digest, "2608.18580"));
        await PostFormAsync(browser, second, second, []);
        var managePath = _app.Services.GetRequiredService<LinkBuilder>().Subscription(subscription.PublicId).ManagePath;
        var (_, manage) = await GetAsync(browser, managePath);
        Assert.Equal(["2608.18580", "2608.19880"], manage.QuerySelectorAll(".library-list li a").Select(a => a.GetAttribute("href")!.Replace("/papers/", "", StringComparison.Ordinal)));
        Assert.StartsWith("2 saved papers, newest first", manage.QuerySelector("#library-title + p")!.TextContent.Trim(), StringComparison.Ordinal);

        var bib = await browser.GetAsync(manage.QuerySelector("a[href$='papers.bib']")!.GetAttribute("href"));
        Assert.Equal("application/x-bibtex", bib.Content.Headers.ContentType!.MediaType);
        var bibText = await bib.Content.ReadAsStringAsync();
        Assert.Equal(2, bibText.Split("@misc{").Length - 1);
        Assert.Matches(@"eprint\s+= \{2608\.19880\}", bibText);

        var csv = (await (await browser.GetAsync(manage.QuerySelector("a[href$='papers.csv']")!.GetAttribute("href"))).Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal("arxiv_id,title,authors,published,saved_at,arxiv_url,paper_url", csv[0]);
        Assert.StartsWith("2608.18580,FACET: Preserving Source Intent and Executable State in Terminal Task Synthesis,", csv[1], StringComparison.Ordinal);
        Assert.StartsWith("2608.19880,", csv[2], StringComparison.Ordinal);

        var feed = await browser.GetAsync(manage.QuerySelector("#library-title + p a[href$='.atom']")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var atom = System.Xml.Linq.XDocument.Parse(await feed.Content.ReadAsStringAsync());
        Assert.Equal(["https://arxiv.org/abs/2608.18580", "https://arxiv.org/abs/2608.19880"],
            atom.Descendants(System.Xml.Linq.XName.Get("entry", "http://www.w3.org/2005/Atom")).Select(e => e.Element(System.Xml.Linq.XName.Get("id", "http://www.w3.org/2005/Atom"))!.Value));
        Assert.Equal("private", feed.Headers.CacheControl!.Private ? "private" : "public");

        // Removed from the preferences page.
        var paperId = manage.QuerySelector(".library-list li input[name=paperId]")!.GetAttribute("value")!;
        var removed = await PostFormAsync(browser, managePath, $"{managePath}?handler=Unsave", new() { ["paperId"] = paperId });
        Assert.Equal($"{managePath}?done=removed", removed.Headers.Location!.OriginalString);
        Assert.Equal([("2608.19880", MarkKind.Saved)], await MarksAsync(subscription.Id));
    }

    [Fact]
    public async Task Not_for_me_replaces_a_save_and_undo_takes_the_mark_off()
    {
        var (subscription, digest) = await DigestAsync("reader@example.org");
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var save = PathOf(MailLinks.Mark(digest, "2608.20335"));
        var notForMe = PathOf(MailLinks.Mark(digest, "2608.20335", save: false));
        await PostFormAsync(browser, save, save, []);

        var (_, page) = await GetAsync(browser, notForMe);
        Assert.Contains("It is in your library now", page.QuerySelector("main section")!.TextContent, StringComparison.Ordinal);
        await PostFormAsync(browser, notForMe, notForMe, []);
        Assert.Equal([("2608.20335", MarkKind.NotForMe)], await MarksAsync(subscription.Id));

        var undone = await PostFormAsync(browser, notForMe, $"{notForMe}?handler=Undo", []);
        Assert.Equal($"{notForMe}?done=undone", undone.Headers.Location!.OriginalString);
        Assert.Empty(await MarksAsync(subscription.Id));
    }

    [Fact]
    public async Task Each_link_works_for_its_own_purpose_and_subscriber_only()
    {
        var (subscription, digest) = await DigestAsync("reader@example.org");
        var tokens = _app.Services.GetRequiredService<SubscriptionTokens>();
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var mark = tokens.For(subscription.PublicId, SubscriptionTokens.Mark);
        var library = tokens.For(subscription.PublicId, SubscriptionTokens.Library);
        Assert.Equal($"http://localhost/library/{mark}/save/2608.19880", MailLinks.Mark(digest, "2608.19880"));

        string[] refused =
        [
            $"/library/{tokens.For(subscription.PublicId, SubscriptionTokens.Manage)}/save/2608.19880", // the manage token
            $"/library/{library}/save/2608.19880", // the read-only library token
            $"/library/{mark}/papers.bib", // the mark token on an export
            $"/feeds/library/{mark}/papers.atom",
            $"/library/{tokens.For("someone-else", SubscriptionTokens.Mark)}/save/2608.19880", // another (unknown) subscriber
            $"/library/{mark[..^1]}{(mark[^1] == 'A' ? 'B' : 'A')}/save/2608.19880", // tampered
            $"/library/{mark}/save/2608.99999", // no such paper
            $"/library/{mark}/save/not-an-id",
        ];
        foreach (var path in refused)
        {
            Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, path);
            Assert.True((await client.PostAsync(path, new FormUrlEncodedContent([]))).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed, path);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/library/{library}/papers.bib")).StatusCode);
        Assert.Empty(await MarksAsync(subscription.Id));
    }

    [Fact]
    public async Task The_ranking_is_a_preference_and_says_how_many_saved_papers_it_waits_for()
    {
        var (subscription, _) = await DigestAsync("reader@example.org");
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var managePath = _app.Services.GetRequiredService<LinkBuilder>().Subscription(subscription.PublicId).ManagePath;
        var (_, before) = await GetAsync(browser, managePath);
        Assert.Equal("top", before.QuerySelector("input[name='Input.Ranking'][checked]")!.GetAttribute("value"));
        Assert.Contains("(you have 0); until then digests are the top by upvotes", before.QuerySelector("#ranking-hint")!.TextContent, StringComparison.Ordinal);

        Dictionary<string, string> Form(string ranking) => new()
        {
            ["Input.Frequency"] = "daily", ["Input.WeeklyDay"] = "Monday", ["Input.DeliveryHour"] = "8", ["Input.TimeZone"] = "UTC",
            ["Input.MaxPapers"] = "10", ["Input.MinUpvotes"] = "0", ["Input.Ranking"] = ranking,
        };
        var bad = await PostFormAsync(browser, managePath, $"{managePath}?handler=Save", Form("best"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = await PaperFeedFactory.Html.ParseDocumentAsync(await bad.Content.ReadAsStringAsync());
        Assert.Equal("Choose top by upvotes, for you, or mixed.", badPage.QuerySelector("#Ranking-error")!.TextContent);

        await PostFormAsync(browser, managePath, $"{managePath}?handler=Save", Form("for-you"));
        await _app.WithDbAsync(async db => Assert.Equal(DigestRanking.ForYou, (await db.Subscriptions.SingleAsync(s => s.Id == subscription.Id)).Preferences.Ranking));
    }

    /// <summary>A confirmed subscriber of three papers a digest, and the text of the digest they received for the recorded 2026-08-21.</summary>
    private async Task<(Subscription Subscription, string Digest)> DigestAsync(string email)
    {
        await _app.ImportAsync("2026-08-21");
        var subscription = Subscribers.Confirmed(email, DateTime.UtcNow, p => p.MaxPapers = 3);
        await _app.WithDbAsync(async db =>
        {
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
        });
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(new DigestRunOptions(IgnoreTime: true), CancellationToken.None);
        }

        return (subscription, Assert.Single(await _smtp.WaitForAsync(1)).Message.TextBody!);
    }

    private async Task<List<(string ArxivId, MarkKind Kind)>> MarksAsync(int subscriptionId)
    {
        List<(string, MarkKind)> marks = [];
        await _app.WithDbAsync(async db => marks = [.. (await db.PaperMarks.Where(m => m.SubscriptionId == subscriptionId)
            .Join(db.Papers, m => m.PaperId, p => p.Id, (m, p) => new { p.ArxivId, m.Kind }).ToListAsync()).Select(x => (x.ArxivId, x.Kind))]);
        return marks;
    }
}
