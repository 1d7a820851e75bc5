using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// The whole subscription journey through the real app, with a real SMTP server capturing the mail:
/// subscribe, confirm from the email, set preferences, receive the digest, leave with one click.
/// </summary>
public sealed class SubscriptionJourneyTests : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;
    private PaperFeedFactory _app = null!;

    public Task InitializeAsync()
    {
        _smtp = TestSmtpServer.Start();
        _app = new PaperFeedFactory(MailTo(_smtp.Port, ("App:PublicBaseUrl", "http://localhost")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_from_the_form_confirm_from_the_email_and_set_preferences()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Subscribe from the form, as a browser in Tokyo would post it.
        var subscribed = await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = " Reader@Example.ORG ", ["timezone"] = "Asia/Tokyo" });
        Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
        Assert.Equal("/subscribe/sent", subscribed.Headers.Location!.OriginalString);

        // The confirmation email, and its link opened in the browser: a button, not yet a subscription.
        var confirmation = Assert.Single(await _smtp.WaitForAsync(1)).Message;
        Assert.Equal("reader@example.org", confirmation.To.Mailboxes.Single().Address);
        var confirmPath = PathOf(MailLinks.Confirm(confirmation.TextBody!));
        var (confirmPage, confirmDocument) = await GetAsync(browser, confirmPath);
        Assert.Equal(HttpStatusCode.OK, confirmPage.StatusCode);
        Assert.Equal("Confirm my subscription", confirmDocument.QuerySelector("main form button")!.TextContent);
        Assert.Equal(SubscriptionStatus.Pending, (await SubscriptionAsync("reader@example.org")).Status);

        var confirmed = await PostFormAsync(browser, confirmPath, confirmPath, []);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var managePath = confirmed.Headers.Location!.OriginalString;
        Assert.Matches(@"^/manage/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}\?done=confirmed$", managePath);
        var (_, manage) = await GetAsync(browser, managePath);
        Assert.Contains("Your subscription is confirmed", manage.QuerySelector(".notice")!.TextContent);
        Assert.Equal("Asia/Tokyo", manage.QuerySelector("#time-zone option[selected]")!.GetAttribute("value"));

        // Preferences: three papers at most, no papers about benchmarks.
        var manageOnly = managePath.Split('?')[0];
        var saved = await PostFormAsync(browser, managePath, $"{manageOnly}?handler=Save", new()
        {
            ["Input.Frequency"] = "daily",
            ["Input.WeeklyDay"] = "Monday",
            ["Input.DeliveryHour"] = "7",
            ["Input.TimeZone"] = "Asia/Tokyo",
            ["Input.MaxPapers"] = "3",
            ["Input.MinUpvotes"] = "0",
            ["Input.IncludeKeywords"] = "",
            ["Input.ExcludeKeywords"] = "benchmark, benchmarks",
            ["Input.FollowedAuthors"] = "Ada Lovelace\r\nSmith, J.\r\nADA LOVELACE\r\n",
        });
        Assert.Equal($"{manageOnly}?done=saved", saved.Headers.Location!.OriginalString);
        var preferences = (await SubscriptionAsync("reader@example.org")).Preferences;
        Assert.Equal((3, 7, "Asia/Tokyo"), (preferences.MaxPapers, preferences.DeliveryHour, preferences.TimeZone));
        Assert.Equal(["benchmark", "benchmarks"], preferences.ExcludeKeywords);
        Assert.Equal(["Ada Lovelace", "Smith, J."], preferences.FollowedAuthors); // one a line, each once
        var (_, again) = await GetAsync(browser, manageOnly);
        Assert.Equal("Ada Lovelace\nSmith, J.", again.QuerySelector("#followed-authors")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_digest_holds_the_papers_the_preferences_choose_and_every_link_in_it_resolves()
    {
        await _app.ImportAsync("2026-08-21");
        await ConfirmedAsync("reader@example.org", p => (p.MaxPapers, p.DeliveryHour, p.TimeZone, p.ExcludeKeywords) = (3, 7, "Asia/Tokyo", ["benchmark", "benchmarks"]));
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // The digest job's code, as the recurring job runs it.
        var report = await RunDigestsAsync();

        Assert.Equal(1, report.Sent);
        var digest = Assert.Single(await _smtp.WaitForAsync(1)).Message;
        // The top three of the day that do not mention benchmarks (worked out by hand from the recorded day).
        Assert.StartsWith("Friday, August 21, 2026: FACET: Preserving Source Intent", digest.Subject);
        Assert.Equal(
            ["2608.18580", "2608.20335", "2608.14022"],
            Regex.Matches(digest.TextBody!, @"Paper: http://localhost/papers/(\S+)").Select(m => m.Groups[1].Value));

        // Every link of ours in the digest resolves against the running app.
        var links = Regex.Matches(digest.HtmlBody!, "href=\"(http://localhost/[^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        // home, three papers with their Save and Not-for-me links, the day's list, manage, unsubscribe
        Assert.True(links.Count == 13, string.Join(", ", links));
        foreach (var link in links)
        {
            var response = await browser.GetAsync(PathOf(link));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link} answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_one_click_unsubscribe_of_a_digest_ends_the_mail_and_merely_opening_it_changes_nothing()
    {
        await _app.ImportAsync("2026-08-21");
        await ConfirmedAsync("reader@example.org");
        await RunDigestsAsync();
        var digest = Assert.Single(await _smtp.WaitForAsync(1)).Message;
        var unsubscribePath = PathOf(digest.Headers["List-Unsubscribe"]!.Trim('<', '>'));

        // Opening the link (as a mail scanner would) shows a button and changes nothing.
        var (opened, page) = await _app.GetPageAsync(unsubscribePath);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.NotNull(page.QuerySelector("main form button"));
        Assert.Equal(SubscriptionStatus.Active, (await SubscriptionAsync("reader@example.org")).Status);

        // The mail client's one-click POST: no cookies, no antiforgery token. Idempotent.
        var mailClient = _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        for (var i = 0; i < 2; i++)
        {
            var oneClick = await mailClient.PostAsync(unsubscribePath, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        }

        var left = await SubscriptionAsync("reader@example.org");
        Assert.Equal(SubscriptionStatus.Unsubscribed, left.Status);
        Assert.NotNull(left.UnsubscribedAt);

        // A new edition: nothing arrives.
        await NextEditionAsync();
        var after = await RunDigestsAsync();
        Assert.Empty(after.Planned);
        Assert.Single(_smtp.Messages);
    }

    [Fact]
    public async Task Unsubscribing_and_subscribing_again_from_the_preferences_page()
    {
        await _app.ImportAsync("2026-08-21");
        var reader = await ConfirmedAsync("reader@example.org");
        var manage = _app.Services.GetRequiredService<LinkBuilder>().Subscription(reader.PublicId).ManagePath;
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var left = await PostFormAsync(browser, manage, $"{manage}?handler=Unsubscribe", []);

        Assert.Equal($"{manage}?done=unsubscribed", left.Headers.Location!.OriginalString);
        Assert.Equal(SubscriptionStatus.Unsubscribed, (await SubscriptionAsync("reader@example.org")).Status);
        var (_, page) = await _app.GetPageAsync(manage);
        Assert.Equal("Re-subscribe", page.QuerySelector($"main form[action='{manage}?handler=Resubscribe'] button")?.TextContent.Trim());
        Assert.Empty((await RunDigestsAsync()).Planned);

        var back = await PostFormAsync(browser, manage, $"{manage}?handler=Resubscribe", []);

        Assert.Equal($"{manage}?done=resubscribed", back.Headers.Location!.OriginalString);
        var again = await SubscriptionAsync("reader@example.org");
        Assert.Equal((SubscriptionStatus.Active, null), (again.Status, again.UnsubscribedAt));
        Assert.Equal(1, (await RunDigestsAsync()).Sent);
        Assert.Single(_smtp.To("reader@example.org"));
    }

    [Fact]
    public async Task The_answer_is_the_same_for_every_state_of_an_address_and_with_the_mail_server_down()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var answers = new Dictionary<string, string>();

        async Task SubscribeAsync(HttpClient client, string state, string email)
        {
            var response = await PostFormAsync(client, "/subscribe", "/subscribe", new() { ["email"] = email });
            answers[state] = $"{(int)response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}";
        }

        // Each mail is sent in the background; then the 10-minute rule is lifted, so that what differs is only the state.
        await SubscribeAsync(browser, "new", "first@example.org");
        await MailedThenLiftTheTenMinuteRuleAsync(1);
        await SubscribeAsync(browser, "pending", "first@example.org");
        await MailedThenLiftTheTenMinuteRuleAsync(2);
        await _app.WithDbAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Active)));
        await SubscribeAsync(browser, "subscribed", "FIRST@example.org");
        await MailedThenLiftTheTenMinuteRuleAsync(3);
        await _app.WithDbAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastNoticeSentAt, DateTime.UtcNow)));
        await SubscribeAsync(browser, "mailed a minute ago", "first@example.org");
        await _app.WithDbAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, SubscriptionStatus.Suppressed).SetProperty(x => x.LastNoticeSentAt, (DateTime?)null)));
        await SubscribeAsync(browser, "suppressed", "first@example.org");

        // The same three states with nothing listening on the mail server's port.
        using var refused = Ports.Refused();
        var closed = refused.Port;
        using (var down = new PaperFeedFactory(MailTo(closed)))
        {
            var client = down.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            await SubscribeAsync(client, "new, mail down", "second@example.org");
            await down.WithDbAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.NoticeDueAt, (DateTime?)null)));
            await SubscribeAsync(client, "pending, mail down", "second@example.org");
            await down.WithDbAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Active).SetProperty(x => x.NoticeDueAt, (DateTime?)null)));
            await SubscribeAsync(client, "subscribed, mail down", "second@example.org");

            // Nothing is lost: the notice waits for the server, to be tried again.
            await down.WithDbAsync(async db => Assert.NotNull((await db.Subscriptions.SingleAsync()).NoticeDueAt));
        }

        Assert.Equal(8, answers.Count);
        Assert.All(answers, a => Assert.Equal("302 /subscribe/sent ", a.Value));
        await Task.Delay(500);
        Assert.Equal(["Confirm your PaperFeed subscription", "Confirm your PaperFeed subscription", "Your PaperFeed subscription"], _smtp.Messages.Select(m => m.Message.Subject));
    }

    [Fact]
    public async Task Subscribing_again_while_the_link_is_pending_mails_the_same_link_and_the_first_email_still_confirms()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "victim@example.org" });
        await MailedThenLiftTheTenMinuteRuleAsync(1);

        // Someone else subscribes the same address again, on the real clock and over a second later, so that a new
        // link would differ (links are made from their expiry, to the second) and a stored expiry that lost a digit
        // (PostgreSQL keeps microseconds) would make one.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await PostFormAsync(_app.CreateClient(), "/subscribe", "/subscribe", new() { ["email"] = "victim@example.org" });

        var mails = await _smtp.WaitForAsync(2);
        var first = MailLinks.Confirm(mails[0].Message.TextBody!);
        Assert.Equal(first, MailLinks.Confirm(mails[1].Message.TextBody!));
        var confirmPath = PathOf(first);
        var confirmed = await PostFormAsync(browser, confirmPath, confirmPath, []);
        Assert.EndsWith("?done=confirmed", confirmed.Headers.Location!.OriginalString);
        Assert.Equal(SubscriptionStatus.Active, (await SubscriptionAsync("victim@example.org")).Status);
    }

    [Fact]
    public async Task Each_client_may_ask_for_only_a_few_subscriptions_an_hour()
    {
        using var app = new PaperFeedFactory(MailTo(_smtp.Port, ("Api:SubscribeRequestsPerHour", "2")));
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = $"person{i}@example.org" })).StatusCode);
        }

        var limited = await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "person9@example.org" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        var page = await PaperFeedFactory.Html.ParseDocumentAsync(await limited.Content.ReadAsStringAsync());
        Assert.Equal("Too many requests", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(2, (await _smtp.WaitForAsync(2)).Count);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/subscribe")).StatusCode); // reading the form is not limited
    }

    [Fact]
    public async Task The_whole_site_emails_only_so_many_addresses_an_hour_and_says_so_alike_for_every_address()
    {
        using var app = new PaperFeedFactory(MailTo(_smtp.Port, ("Api:SubscribeMailsPerHour", "2")));
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "one@example.org" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "two@example.org" })).StatusCode);
        await app.WithDbAsync(db => db.Subscriptions.Where(s => s.Email == "two@example.org").ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Active)));

        var answers = new List<string>();
        foreach (var email in new[] { "three@example.org", "one@example.org", "two@example.org" }) // new, pending, subscribed
        {
            var refused = await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = email });
            var page = await PaperFeedFactory.Html.ParseDocumentAsync(await refused.Content.ReadAsStringAsync());
            answers.Add($"{(int)refused.StatusCode} {refused.Headers.RetryAfter} {page.QuerySelector("#email-error")?.TextContent}");
        }

        Assert.All(answers, a => Assert.Equal("429 3600 Many people are signing up right now. Please try again in an hour.", a));
        Assert.Equal(["one@example.org", "two@example.org"], (await _smtp.WaitForAsync(2)).Select(m => m.Recipients.Single()).Order());
        await Task.Delay(200);
        Assert.Equal(2, _smtp.Messages.Count);
        await app.WithDbAsync(async db => Assert.False(await db.Subscriptions.AnyAsync(s => s.Email == "three@example.org")));
    }

    [Theory]
    [InlineData("victim@example.org\r\nBcc: everyone@example.org", "Enter just the address")]
    [InlineData("victim@example.org\nSubject: hi", "Enter just the address")]
    [InlineData("Victim <victim@example.org>", "Enter just the address")]
    [InlineData("<script>alert(1)</script>@example.org", "Enter just the address")]
    [InlineData("a@b", "does not look like an email address")]
    [InlineData("grace", "An email address has an @")]
    [InlineData("not an address", "Enter just the address")]
    [InlineData("", "Enter your email address.")]
    public async Task Hostile_or_malformed_input_gets_a_clear_form_error_and_sends_nothing(string email, string expected)
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = email });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = await PaperFeedFactory.Html.ParseDocumentAsync(html);
        Assert.Contains(expected, page.QuerySelector("#email-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#email")!.GetAttribute("aria-invalid"));
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Empty(_smtp.Messages);
        Assert.Equal(0, await CountSubscriptionsAsync());
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_gets_a_page_that_says_what_to_do()
    {
        var reader = await ConfirmedAsync("reader@example.org");
        var manage = _app.Services.GetRequiredService<LinkBuilder>().Subscription(reader.PublicId).ManagePath;
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var response = await client.PostAsync($"{manage}?handler=Unsubscribe", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PaperFeedFactory.Html.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("The form could not be accepted", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(SubscriptionStatus.Active, (await SubscriptionAsync("reader@example.org")).Status);
    }

    [Fact]
    public async Task The_subscribe_box_needs_no_cookie_so_that_every_page_it_is_on_can_be_cached()
    {
        // A subscribe request uses no ambient authority of the visitor (no login, no cookie): a cross-site post can do
        // nothing a direct one could not, and each address is asked to confirm by email. So the box carries no
        // per-visitor token, and the page around it is the same for every visitor.
        var (home, page) = await _app.GetPageAsync("/");
        Assert.False(home.Headers.Contains("Set-Cookie"));
        Assert.Null(page.QuerySelector(".subscribe-box input[name='__RequestVerificationToken']"));
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

        var response = await client.PostAsync("/subscribe", new FormUrlEncodedContent([new("email", "someone@example.org")]));

        Assert.Equal("/subscribe/sent", response.Headers.Location!.OriginalString);
        Assert.Equal(SubscriptionStatus.Pending, (await SubscriptionAsync("someone@example.org")).Status);
    }

    [Fact]
    public async Task A_very_long_address_is_refused()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = new string('a', 5000) + "@example.org" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 254 characters", await response.Content.ReadAsStringAsync());
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task Unknown_and_expired_links_show_a_clear_page()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var (unknownConfirm, confirmPage) = await GetAsync(browser, "/confirm/not-a-real-token");
        Assert.Equal(HttpStatusCode.NotFound, unknownConfirm.StatusCode);
        Assert.Equal("Unknown link", confirmPage.QuerySelector("h1")!.TextContent);

        var (unknownManage, managePage) = await GetAsync(browser, "/manage/abc.def");
        Assert.Equal(HttpStatusCode.NotFound, unknownManage.StatusCode);
        Assert.Equal("This link is not valid", managePage.QuerySelector("h1")!.TextContent);

        var (unknownUnsubscribe, unsubscribePage) = await GetAsync(browser, "/unsubscribe/abc.def");
        Assert.Equal(HttpStatusCode.NotFound, unknownUnsubscribe.StatusCode);
        Assert.Equal("This link is not valid", unsubscribePage.QuerySelector("h1")!.TextContent);

        // An expired confirmation link.
        await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "slow@example.org" });
        var link = PathOf(MailLinks.Confirm((await _smtp.WaitForAsync(1))[0].Message.TextBody!));
        await _app.WithDbAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.ConfirmationExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        var (expired, expiredPage) = await GetAsync(browser, link);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("This link has expired", expiredPage.QuerySelector("h1")!.TextContent);
        Assert.Equal("/subscribe", expiredPage.QuerySelector("main a.button")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Invalid_preferences_are_refused_field_by_field()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "prefs@example.org" });
        var confirmPath = PathOf(MailLinks.Confirm((await _smtp.WaitForAsync(1))[0].Message.TextBody!));
        var managePath = (await PostFormAsync(browser, confirmPath, confirmPath, [])).Headers.Location!.OriginalString.Split('?')[0];

        var response = await PostFormAsync(browser, managePath, $"{managePath}?handler=Save", new()
        {
            ["Input.Frequency"] = "hourly",
            ["Input.WeeklyDay"] = "Monday",
            ["Input.DeliveryHour"] = "25",
            ["Input.TimeZone"] = "Mars/Olympus_Mons",
            ["Input.MaxPapers"] = "500",
            ["Input.MinUpvotes"] = "many",
            ["Input.IncludeKeywords"] = new string('x', 61),
            ["Input.ExcludeKeywords"] = "fine, bell\u0007",
            ["Input.FollowedAuthors"] = string.Join('\n', Enumerable.Range(1, 51).Select(i => $"Author {i}")),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PaperFeedFactory.Html.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("Choose daily or weekly.", page.QuerySelector("#Frequency-error")!.TextContent);
        Assert.Equal("Choose an hour from 0 to 23.", page.QuerySelector("#DeliveryHour-error")!.TextContent);
        Assert.Equal("Choose a time zone from the list.", page.QuerySelector("#TimeZone-error")!.TextContent);
        Assert.Equal("Choose from 1 to 50 papers.", page.QuerySelector("#MaxPapers-error")!.TextContent);
        Assert.Equal("Each keyword has at most 60 characters.", page.QuerySelector("#IncludeKeywords-error")!.TextContent);
        Assert.Equal("Keywords cannot hold control characters.", page.QuerySelector("#ExcludeKeywords-error")!.TextContent);
        Assert.Equal("Enter a whole number.", page.QuerySelector("#MinUpvotes-error")!.TextContent);
        Assert.Equal("Follow at most 50 authors.", page.QuerySelector("#FollowedAuthors-error")!.TextContent);
        Assert.Equal(DigestPreferences.DefaultMaxPapers, (await SubscriptionAsync("prefs@example.org")).Preferences.MaxPapers);
    }

    [Fact]
    public async Task Deleting_all_data_removes_the_subscription_and_its_deliveries()
    {
        await _app.ImportAsync("2026-08-21");
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "forget@example.org" });
        var confirmPath = PathOf(MailLinks.Confirm((await _smtp.WaitForAsync(1))[0].Message.TextBody!));
        var managePath = (await PostFormAsync(browser, confirmPath, confirmPath, [])).Headers.Location!.OriginalString.Split('?')[0];
        await RunDigestsAsync();
        Assert.StartsWith("Friday, August 21, 2026", (await _smtp.WaitForAsync(2))[1].Message.Subject); // the digest
        await _app.WithDbAsync(async db => Assert.Equal(1, await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent))); // something to delete

        var refused = await PostFormAsync(browser, managePath, $"{managePath}?handler=Delete", []);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var deleted = await PostFormAsync(browser, managePath, $"{managePath}?handler=Delete", new() { ["confirm-delete"] = "true" });

        Assert.Equal("/subscribe/deleted", deleted.Headers.Location!.OriginalString);
        Assert.Equal(0, await CountSubscriptionsAsync());
        await _app.WithDbAsync(async db => Assert.Equal(0, await db.Deliveries.CountAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(managePath)).StatusCode);
    }

    [Fact]
    public async Task Deleting_all_data_also_deletes_the_messages_to_that_person_in_the_pickup_folder_and_no_one_else_s()
    {
        using var app = new PaperFeedFactory(); // no mail server: every message is a file in the pickup folder
        await app.ImportAsync("2026-08-21");
        var folder = app.Services.GetRequiredService<PickupFolderMailTransport>().Folder;
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "forget@example.org" });
        await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "stay@example.org" });
        var confirmation = (await PickupFiles.WaitForAsync(folder, 2)).Single(f => f.Value == "forget@example.org").Key;
        var confirmPath = PathOf(MailLinks.Confirm(MimeKit.MimeMessage.Load(confirmation).TextBody!));
        var managePath = (await PostFormAsync(browser, confirmPath, confirmPath, [])).Headers.Location!.OriginalString.Split('?')[0];
        Assert.Equal(1, (await RunDigestsAsync(app)).Sent);
        var before = await PickupFiles.WaitForAsync(folder, 3);
        Assert.Equal(2, before.Count(f => f.Value == "forget@example.org")); // the confirmation and the digest

        var deleted = await PostFormAsync(browser, managePath, $"{managePath}?handler=Delete", new() { ["confirm-delete"] = "true" });

        Assert.Equal("/subscribe/deleted", deleted.Headers.Location!.OriginalString);
        Assert.Equal(before.Where(f => f.Value == "stay@example.org"), PickupFiles.ByFile(folder));
    }

    [Fact]
    public async Task Resetting_the_links_ends_every_old_one_and_the_new_ones_work()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await PostFormAsync(browser, "/subscribe", "/subscribe", new() { ["email"] = "leaked@example.org" });
        var confirmPath = PathOf(MailLinks.Confirm((await _smtp.WaitForAsync(1))[0].Message.TextBody!));
        var managePath = (await PostFormAsync(browser, confirmPath, confirmPath, [])).Headers.Location!.OriginalString.Split('?')[0];
        var (_, before) = await _app.GetPageAsync(managePath);
        var oldFeed = before.QuerySelector("#feed-title + p a")!.GetAttribute("href")!;
        var oldUnsubscribe = "/unsubscribe/" + (await SubscriptionTokenAsync("leaked@example.org", SubscriptionTokens.Unsubscribe));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(oldFeed)).StatusCode);

        var reset = await PostFormAsync(browser, managePath, $"{managePath}?handler=ResetLinks", []);

        var newManage = reset.Headers.Location!.OriginalString;
        Assert.EndsWith("?done=links-reset", newManage);
        Assert.NotEqual(managePath, newManage.Split('?')[0]);
        var (ok, after) = await _app.GetPageAsync(newManage);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("the old ones (in earlier emails, and the old feed address) no longer work", after.QuerySelector(".notice")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(managePath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(oldFeed)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(oldUnsubscribe)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(after.QuerySelector("#feed-title + p a")!.GetAttribute("href")!)).StatusCode);
        Assert.Equal(SubscriptionStatus.Active, (await SubscriptionAsync("leaked@example.org")).Status);
    }

    /// <summary>Waits until <paramref name="count"/> mails arrived and the sender recorded them, then lets every address be mailed again.</summary>
    private async Task MailedThenLiftTheTenMinuteRuleAsync(int count)
    {
        await _smtp.WaitForAsync(count);
        var recorded = false;
        for (var i = 0; i < 100 && !recorded; i++)
        {
            await Task.Delay(50);
            await _app.WithDbAsync(async db => recorded = !await db.Subscriptions.AnyAsync(x => x.NoticeDueAt != null));
        }

        await _app.WithDbAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastNoticeSentAt, (DateTime?)null)));
    }

    private async Task<string> SubscriptionTokenAsync(string email, string purpose)
    {
        var subscription = await SubscriptionAsync(email);
        return _app.Services.GetRequiredService<SubscriptionTokens>().For(subscription.PublicId, purpose);
    }

    /// <summary>Settings for an instance that mails through the SMTP server on <paramref name="port"/>, plus <paramref name="more"/>.</summary>
    private static Dictionary<string, string?> MailTo(int port, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A subscriber who confirmed earlier, stored directly (the form's journey has a test of its own).</summary>
    private async Task<Subscription> ConfirmedAsync(string email, Action<DigestPreferences>? configure = null)
    {
        var subscription = Subscribers.Confirmed(email, DateTime.UtcNow, configure);
        await _app.WithDbAsync(async db =>
        {
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
        });
        return subscription;
    }

    /// <summary>Another recorded day, stored as the next one (2026-08-24), so that a new edition is due.</summary>
    private async Task NextEditionAsync()
    {
        await _app.ImportAsync("2025-09-16");
        await _app.WithDbAsync(db => db.FeaturedEntries.Where(f => f.Date == new DateOnly(2025, 9, 16))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Date, new DateOnly(2026, 8, 24))));
    }

    private async Task<DigestReport> RunDigestsAsync(PaperFeedFactory? app = null)
    {
        await using var scope = (app ?? _app).Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(new DigestRunOptions(IgnoreTime: true), CancellationToken.None);
    }

    private async Task<Subscription> SubscriptionAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaperFeedDbContext>().Subscriptions.AsNoTracking().SingleAsync(s => s.Email == email);
    }

    private async Task<int> CountSubscriptionsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaperFeedDbContext>().Subscriptions.CountAsync();
    }

    private static Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetAsync(HttpClient client, string path) => BrowserForms.GetAsync(client, path);

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields) =>
        BrowserForms.PostFormAsync(client, formPage, action, fields);

    private static string PathOf(string absolute) => BrowserForms.PathOf(absolute);
}
