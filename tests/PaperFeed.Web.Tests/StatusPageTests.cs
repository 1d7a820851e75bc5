using System.Net;
using AngleSharp.Html.Parser;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Core.Papers;

namespace PaperFeed.Web.Tests;

/// <summary>What a new user sees before anything was ingested, and when the upstream cannot be reached.</summary>
public sealed class StatusPageTests
{
    [Fact]
    public async Task An_empty_catalog_says_papers_are_on_their_way_and_how_to_import_saved_responses()
    {
        using var app = new PaperFeedFactory();

        var (response, page) = await app.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("No papers yet", page.QuerySelector(".status h2")!.TextContent);
        // The command as this instance's operator runs it: the published app outside Development (the container's).
        Assert.Equal("dotnet PaperFeed.Web.dll ingest huggingface --file samples/hf-daily-papers/*.json", page.QuerySelector(".status pre")!.TextContent);
        Assert.Contains("Next update:", page.QuerySelector(".status")!.TextContent);

        using var development = new PaperFeedFactory(environment: "Development");
        var (_, fromSource) = await development.GetPageAsync("/");
        Assert.Equal("dotnet run --project src/Web -- ingest huggingface --file samples/hf-daily-papers/*.json", fromSource.QuerySelector(".status pre")!.TextContent);
    }

    [Fact]
    public async Task A_failing_upstream_is_reported_plainly_with_the_cause_and_the_next_try()
    {
        using var app = new PaperFeedFactory();
        await FailingUpstreamAsync(app);

        // A visitor (the in-memory server has no remote address: not local) is told that it failed, not why.
        var (_, page) = await app.GetPageAsync("/");

        var status = page.QuerySelector(".status-error")!;
        Assert.Equal("Hugging Face could not be reached", status.QuerySelector("h2")!.TextContent);
        Assert.Contains("2026-11-26 08:00 UTC", status.TextContent);
        Assert.Contains("The operators of this instance find the cause on the sources page.", status.TextContent);
        Assert.DoesNotContain("huggingface.co", status.TextContent);
        Assert.DoesNotContain("Connection refused", status.TextContent);
        Assert.Matches(@"Next update: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", status.TextContent);

        // An operator (here with the admin credential) reads the cause on the page itself.
        using var operated = new PaperFeedFactory(new Dictionary<string, string?> { ["Admin:Password"] = "s3cret-operator-pass" });
        await FailingUpstreamAsync(operated);
        var client = operated.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:s3cret-operator-pass")));
        var own = await PaperFeedFactory.Html.ParseDocumentAsync(await client.GetStringAsync("/"));
        Assert.Contains("cannot connect to https://huggingface.co (Connection refused)", own.QuerySelector(".status-error code")!.TextContent);
    }

    [Fact]
    public async Task The_job_dashboard_is_closed_to_remote_requests_without_a_credential()
    {
        // The in-memory test server has no remote address: it counts as not local (see AdminAccessTests for local ones).
        using var app = new PaperFeedFactory();

        var response = await app.CreateClient().GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_job_dashboard_opens_with_the_configured_admin_credential()
    {
        using var app = new PaperFeedFactory(new Dictionary<string, string?> { ["Admin:Username"] = "ops", ["Admin:Password"] = "s3cret-operator-pass" });
        var client = app.CreateClient();

        var anonymous = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString());

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/hangfire")).StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret-operator-pass")));
        var allowed = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("PaperFeed jobs", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_sources_page_shows_each_sources_state_to_operators_only()
    {
        using var app = new PaperFeedFactory(new Dictionary<string, string?> { ["Admin:Password"] = "s3cret-operator-pass" });
        await app.WithDbAsync(async db =>
        {
            db.SourceStates.Add(new SourceState { Source = "arxiv:cs.CL", LastAttemptAt = new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc), LastErrorAt = new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc), LastError = "arxiv:cs.CL: HTTP 503 (Service Unavailable)" });
            db.SourceStates.Add(new SourceState { Source = SourceNames.HuggingFace, LastAttemptAt = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc), LastSuccessAt = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc), ItemsSeen = 17, Cursor = "2026-11-26" });
            await db.SaveChangesAsync();
        });
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/sources")).StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:s3cret-operator-pass")));
        var response = await client.GetAsync("/admin/sources");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PaperFeedFactory.Html.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var rows = page.QuerySelectorAll("#states tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToList()).ToList();
        Assert.Equal(["arxiv:cs.CL", "failing"], rows[0].Take(2));
        Assert.EndsWith("HTTP 503 (Service Unavailable)", rows[0][6]);
        Assert.Equal(["huggingface", "ok", "2026-11-26 08:00 UTC"], rows[1].Take(3));
        Assert.Equal(["17", "2026-11-26"], rows[1].Skip(4).Take(2));

        var schedules = page.QuerySelectorAll("#schedules tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToList()).ToDictionary(r => r[0]);
        Assert.Equal(["arxiv-api", "arxiv-html", "arxiv-rss", "huggingface", "huggingface-trending"], schedules.Keys);
        Assert.Equal(["huggingface", "on", "*/30 * * * *"], schedules["huggingface"].Take(3));
        Assert.Equal(["arxiv-rss", "off"], schedules["arxiv-rss"].Take(2));
        Assert.Equal("Sources:Arxiv:Rss:Enabled, Sources:Arxiv:Rss:Cron", schedules["arxiv-rss"][4]);
    }

    [Fact]
    public async Task An_unexpected_error_shows_a_plain_page_without_a_stack_trace()
    {
        using var app = new PaperFeedFactory();
        await app.ImportAsync("2025-03-14");
        // Break the database under the running app.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""DROP TABLE "FeaturedEntries" """));

        var (response, page) = await app.GetPageAsync("/papers/date/2025-03-14");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Something went wrong", page.QuerySelector("h1")!.TextContent);
        var html = page.DocumentElement.OuterHtml;
        Assert.DoesNotContain("SqliteException", html);
        Assert.DoesNotContain("PostgresException", html);
        Assert.DoesNotContain("at PaperFeed", html);
        Assert.DoesNotContain("FeaturedEntries", html);
    }

    [Fact]
    public async Task In_development_the_check_your_inbox_page_points_to_the_local_mailbox()
    {
        using var development = new PaperFeedFactory(environment: "Development");
        using var testing = new PaperFeedFactory();

        var (_, dev) = await development.GetPageAsync("/subscribe/sent");
        var (_, other) = await testing.GetPageAsync("/subscribe/sent");

        Assert.Equal("/dev/mail", dev.QuerySelector("main a[href='/dev/mail']")?.GetAttribute("href"));
        Assert.Null(other.QuerySelector("a[href='/dev/mail']"));
    }

    [Fact]
    public async Task In_development_the_local_mailbox_lists_the_messages_opens_one_and_serves_nothing_else()
    {
        using var development = new PaperFeedFactory(environment: "Development");
        using var testing = new PaperFeedFactory();
        var (_, empty) = await development.GetPageAsync("/dev/mail");
        Assert.Contains("No messages yet", empty.QuerySelector("main")!.TextContent);
        await using (var scope = development.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SubscriptionService>().SubscribeAsync("newcomer@example.org", "UTC", CancellationToken.None);
        }

        // The app's own notice sender writes the confirmation to the pickup folder in the background.
        var folder = development.Services.GetRequiredService<PickupFolderMailTransport>().Folder;
        for (var waited = 0; !Directory.Exists(folder) || !Directory.EnumerateFiles(folder, "*.eml").Any(); waited += 50)
        {
            Assert.True(waited < 15_000, "the confirmation never reached the pickup folder");
            await Task.Delay(50);
        }

        // A message-shaped file beside the pickup folder, which no address may reach.
        await File.WriteAllTextAsync(Path.Combine(folder, "..", "outside.eml"), "To: someone@example.org\r\nSubject: outside\r\n\r\nnot yours\r\n");

        var (listed, list) = await development.GetPageAsync("/dev/mail");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var row = Assert.Single(list.QuerySelectorAll("table.mail-list tbody tr"));
        Assert.Equal("newcomer@example.org", row.QuerySelectorAll("td")[1].TextContent);
        var link = row.QuerySelector("a")!.GetAttribute("href")!;
        Assert.Matches(@"^/dev/mail/[^/]+\.eml$", link);
        var (opened, message) = await development.GetPageAsync(link);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("To: newcomer@example.org", message.Body!.TextContent);
        Assert.Contains("/confirm/", message.Body.InnerHtml); // the confirmation link, to click in the browser
        // Only the pickup folder's .eml files by plain name, and only in Development.
        foreach (var path in new[] { "/dev/mail/missing.eml", "/dev/mail/secret.key", "/dev/mail/..%2Fsecret.key", "/dev/mail/..%2Foutside.eml", "/dev/mail?file=..%2Foutside.eml", "/dev/mail?file=../outside.eml", "/dev/mail/..%2F..%2Fetc%2Fpasswd.eml" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await development.GetPageAsync(path)).Response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await testing.GetPageAsync("/dev/mail")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await testing.GetPageAsync(link)).Response.StatusCode);
    }

    private static Task FailingUpstreamAsync(PaperFeedFactory app) => app.WithDbAsync(async db =>
    {
        db.SourceStates.Add(new SourceState
        {
            Source = SourceNames.HuggingFace,
            LastAttemptAt = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc),
            LastErrorAt = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc),
            LastError = "huggingface 2026-11-26: cannot connect to https://huggingface.co (Connection refused)",
        });
        await db.SaveChangesAsync();
    });
}
