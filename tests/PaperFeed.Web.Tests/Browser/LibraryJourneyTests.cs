using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Testing;
using static Microsoft.Playwright.Assertions;

namespace PaperFeed.Web.Tests.Browser;

/// <summary>
/// Issue 14's journey in a real browser, on an app of its own (it adds a day, which the shared app's pages must not
/// see): save papers from a digest, find them in the library, switch to "For you", follow an author, and get a digest
/// that opens with the followed author's paper and then the papers like the saved ones.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LibraryJourneyTests(BrowserSession session) : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;
    private PaperFeedFactory _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = TestSmtpServer.Start();
        _app = new PaperFeedFactory(
            new Dictionary<string, string?>
            {
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:Security"] = "None",
            },
            realServer: true);
        _app.StartServer();
        await _app.ImportAsync("2025-03-14");
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Save_from_a_digest_switch_to_for_you_follow_an_author_and_get_their_papers_first()
    {
        var context = await session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.ClientOptions.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
            BypassCSP = true, // to inject axe-core
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await _app.WithDbAsync(async db =>
        {
            db.Subscriptions.Add(Subscribers.Confirmed("reader@example.org", DateTime.UtcNow, p => p.MaxPapers = 30));
            await db.SaveChangesAsync();
        });

        // The digest of March 14, 2025: every paper of the day, each with its Save link.
        await RunDigestsAsync();
        var first = Assert.Single(await _smtp.WaitForAsync(1)).Message;

        // Three papers on video generation, saved from the email's links: each opens a page, the button saves.
        foreach (var (id, title) in new[]
        {
            ("2503.10589", "Long Context Tuning for Video Generation"),
            ("2503.10391", "CINEMA: Coherent Multi-Subject Video Generation via MLLM-Based Guidance"),
            ("2503.09642", "Open-Sora 2.0: Training a Commercial-Level Video Generation Model in $200k"),
        })
        {
            await page.GotoAsync(MailLinks.Mark(first.TextBody!, id));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Save this paper to your library?");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync(title);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save to my library" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Saved to your library");
        }

        await Screenshots.SaveAsync(page, "library-saved");
        await AccessibleInBothThemesAsync(page);

        // The preferences page (the digest's link): the library, newest first; then "For you" and a followed author.
        var manage = Regex.Match(first.TextBody!, @"Change your preferences: (\S+)").Groups[1].Value;
        await page.GotoAsync(manage);
        var library = page.Locator(".library-list li");
        await Expect(library).ToHaveCountAsync(3);
        await Expect(library.First).ToContainTextAsync("Open-Sora 2.0");
        await Expect(page.Locator("#library-title + p")).ToContainTextAsync("3 saved papers, newest first");
        await page.GetByLabel("Papers per digest").FillAsync("3");
        await page.GetByLabel("For you: the papers most like those in your library").CheckAsync();
        await page.GetByLabel("Authors to follow").FillAsync("Umberto Cappellazzo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Your preferences are saved.");
        await Expect(page.GetByLabel("For you: the papers most like those in your library")).ToBeCheckedAsync();
        await page.Locator("#library-title").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "library-preferences");
        await AccessibleInBothThemesAsync(page);

        // The next day, a new day of papers: its top papers are about agents; the digest opens with the followed
        // author's paper (1 upvote), then the day's two papers on video (38 and 12 upvotes), each with why.
        await _app.WithDbAsync(db => db.Deliveries.ExecuteUpdateAsync(d => d.SetProperty(x => x.CreatedAt, x => x.CreatedAt.AddDays(-1))));
        await _app.ImportAsync("2026-08-21");
        await RunDigestsAsync();
        var second = (await _smtp.WaitForAsync(2))[1].Message;
        var ids = Regex.Matches(second.TextBody!, @"Paper: \S+/papers/(\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("2608.19863", ids[0]);
        Assert.Equal(["2608.14022", "2608.20335"], ids.Skip(1).Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(4, ids.Count);
        var text = second.TextBody!;
        Assert.True(text.IndexOf("From authors you follow", StringComparison.Ordinal) < text.IndexOf("Picked for you", StringComparison.Ordinal));
        Assert.Equal(3, Regex.Matches(text, "   Why: ").Count);

        // The HTML part as the subscriber's mail client shows it (a blank page: no site policy over its inline styles).
        var mail = await context.NewPageAsync();
        await mail.SetContentAsync(second.HtmlBody!);
        await Expect(mail.GetByRole(AriaRole.Heading, new() { Name = "Picked for you" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(mail, "library-digest");
        await context.CloseAsync();
    }

    private static async Task AccessibleInBothThemesAsync(IPage page)
    {
        foreach (var theme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = theme });
            var violations = await Accessibility.SeriousViolationsAsync(page);
            Assert.True(violations.Count == 0, $"{page.Url} ({theme}):\n{string.Join("\n", violations)}");
        }

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
    }

    private async Task RunDigestsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(new DigestRunOptions(IgnoreTime: true), CancellationToken.None);
    }
}
