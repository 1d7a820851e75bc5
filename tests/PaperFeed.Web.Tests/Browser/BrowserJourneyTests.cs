using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Testing;
using static Microsoft.Playwright.Assertions;

namespace PaperFeed.Web.Tests.Browser;

/// <summary>What a person does in a real browser (Debian's Chromium), checked by what they see.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserJourneyTests(BrowserSession session)
{
    [Fact]
    public async Task Browse_days_weeks_and_months_and_open_a_paper()
    {
        var page = await session.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveTitleAsync("Daily papers of August 21, 2026 · PaperFeed");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Friday, August 21, 2026");
        await Expect(page.Locator("li.card")).ToHaveCountAsync(17);
        await Screenshots.SaveAsync(page, "home");

        await page.GetByRole(AriaRole.Link, new() { Name = "← Tuesday, September 16, 2025" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/papers/date/2025-09-16$"));
        await Expect(page.Locator("li.card")).ToHaveCountAsync(13);

        await page.GetByRole(AriaRole.Link, new() { Name = "Friday, August 21, 2026 →" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/papers/date/2026-08-21$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Weekly" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/papers/week/2026-W34$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Week 34 of 2026 (Aug 17 – Aug 23)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Monthly" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/papers/month/2026-08$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("August 2026");
        await Screenshots.SaveAsync(page, "month");

        await page.GetByRole(AriaRole.Link, new() { Name = "EnvHarness: Awakening Static Worlds for Agent Learning" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/papers/2608.19880$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("EnvHarness: Awakening Static Worlds for Agent Learning");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Abstract" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "paper");

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/papers/month/2026-08$"));
    }

    [Fact]
    public async Task Search_from_the_header_and_open_a_result()
    {
        var page = await session.NewPageAsync();

        await page.GotoAsync("/papers/date/2025-09-16");
        await page.GetByLabel("Search papers").FillAsync("planner");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=planner$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("match planner");
        var first = page.Locator("li.result").First;
        await Expect(first.Locator("mark").First).ToHaveTextAsync("Planner");
        await Screenshots.SaveAsync(page, "search");

        await first.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/papers/2503.10480$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("World Modeling Makes a Better Planner: Dual Preference Optimization for Embodied Task Planning");
    }

    [Fact]
    public async Task Subscribe_confirm_change_preferences_get_the_digest_and_unsubscribe()
    {
        var page = await session.NewPageAsync();
        var before = session.Smtp.Messages.Count;

        // The subscribe box at the bottom of the home page.
        await page.GotoAsync("/");
        await page.GetByLabel("Email address").FillAsync("browser@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your inbox");

        // The confirmation email, its link clicked in the browser.
        var confirmation = (await session.Smtp.WaitForAsync(before + 1))[before].Message;
        var confirmLink = MailLinks.Confirm(confirmation.TextBody!);
        await page.GotoAsync(confirmLink);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my subscription" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Your subscription is confirmed");
        // The browser's time zone came with the subscribe form.
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Europe/Berlin");
        await Screenshots.SaveAsync(page, "preferences");

        await page.GetByLabel("Papers per digest").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Your preferences are saved.");
        await Expect(page.GetByLabel("Papers per digest")).ToHaveValueAsync("2");

        // The digest job's code.
        await using (var scope = session.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(new DigestRunOptions(IgnoreTime: true), CancellationToken.None);
        }

        var digest = (await session.Smtp.WaitForAsync(before + 2)).Last(m => m.Recipients.Contains("browser@example.org")).Message;
        Assert.StartsWith("Friday, August 21, 2026: EnvHarness", digest.Subject);
        var unsubscribe = Regex.Match(digest.HtmlBody!, "href=\"(http://127\\.0\\.0\\.1:\\d+/unsubscribe/[^\"]+)\"").Groups[1].Value;

        await page.GotoAsync(unsubscribe);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Unsubscribe from PaperFeed?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You are unsubscribed");
        await Screenshots.SaveAsync(page, "unsubscribed");
    }

    [Fact]
    public async Task An_invalid_email_shows_an_inline_error_with_focus_on_the_field()
    {
        var page = await session.NewPageAsync();

        await page.GotoAsync("/subscribe");
        await page.GetByLabel("Email address").FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Enter just the address, like name@example.org, without spaces or other characters around it.");
        await Expect(page.GetByLabel("Email address")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Email address")).ToHaveAttributeAsync("aria-invalid", "true");
        await Screenshots.SaveAsync(page, "subscribe-error");
    }

    [Fact]
    public async Task Unknown_links_show_a_clear_page()
    {
        var page = await session.NewPageAsync();

        var response = await page.GotoAsync("/confirm/this-token-does-not-exist");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Unknown link");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Subscribe" }).Last).ToBeVisibleAsync();

        await page.GotoAsync("/unsubscribe/abc.def");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link is not valid");

        await page.GotoAsync("/papers/9999.99999");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await Screenshots.SaveAsync(page, "not-found");
    }

    /// <summary>The main pages, as the README means them: lists, a paper, search, subscription pages, error pages.</summary>
    public static readonly TheoryData<string> MainPages = new(
        "/", "/papers/date/2025-05-01", "/papers/week/2025-W11", "/papers/month/2025-06", "/papers/2509.12201", "/authors/Yang%20Zhou",
        "/trending", "/arxiv/cs.CL", "/search", "/search?q=language+models", "/subscribe", "/subscribe/sent",
        "/manage/abc.def", "/papers/9999.99999");

    /// <summary>Every main page in both themes.</summary>
    public static TheoryData<string, ColorScheme> MainPagesInBothThemes()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var path in MainPages)
        {
            data.Add(path, ColorScheme.Light);
            data.Add(path, ColorScheme.Dark);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MainPagesInBothThemes))]
    public async Task Main_pages_have_no_serious_accessibility_violations_in_either_theme(string path, ColorScheme theme)
    {
        var page = await session.NewPageAsync(theme, bypassCsp: true);
        await page.GotoAsync(path);

        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal(theme == ColorScheme.Dark ? "rgb(15, 17, 21)" : "rgb(255, 255, 255)", background); // the theme's palette is in use
        var violations = await Accessibility.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task Main_pages_load_whole_under_their_content_security_policy(string path)
    {
        var page = await session.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };
        await page.GotoAsync(path);

        // The page's own scripts, styles and images all load; the browser refused nothing.
        Assert.True(refused.Count == 0, string.Join("\n", refused));
        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor")); // the stylesheet applies
        // site.js ran: every subscribe form has the browser's time zone (the page's own script is allowed).
        var zones = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('input[data-browser-timezone]')].map(i => i.value)");
        Assert.All(zones, zone => Assert.Equal("Europe/Berlin", zone));
    }

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task Main_pages_request_nothing_from_another_host(string path)
    {
        // Without the policy's help (it would refuse a third party's resource before any request): what the page
        // itself asks for, scripts, styles, images, fonts and anything a script fetches, all comes from the app.
        var page = await session.NewPageAsync(bypassCsp: true);
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Contains(requested, url => url.EndsWith(".css", StringComparison.Ordinal) || url.Contains(".css?", StringComparison.Ordinal));
        var elsewhere = requested.Where(url => !url.StartsWith(session.BaseUrl + "/", StringComparison.Ordinal)).ToList();
        Assert.True(elsewhere.Count == 0, string.Join("\n", elsewhere));
    }

    [Fact]
    public async Task A_phone_reads_the_day_without_scrolling_sideways_and_reaches_the_subscribe_box()
    {
        var page = await session.NewPageAsync();
        await page.SetViewportSizeAsync(360, 740);

        await page.GotoAsync("/");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.Equal(0, overflow);
        await page.GetByLabel("Email address").ScrollIntoViewIfNeededAsync();
        await Expect(page.GetByLabel("Email address")).ToBeInViewportAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" })).ToBeInViewportAsync();
    }
}
