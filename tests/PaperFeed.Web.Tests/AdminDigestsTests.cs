using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary><c>/admin/digests</c>: how the week's digests stand, and the ones that need an operator.</summary>
public sealed class AdminDigestsTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task The_operator_sees_the_week_s_digests_by_state_and_every_failed_or_interrupted_one_with_its_error()
    {
        using var app = new PaperFeedFactory(new Dictionary<string, string?> { ["Admin:Password"] = Password });
        var now = DateTime.UtcNow;
        await app.WithDbAsync(async db =>
        {
            var reader = Subscribers.Confirmed("reader@example.org", now.AddDays(-30));
            var other = Subscribers.Confirmed("other@example.org", now.AddDays(-30));
            db.Subscriptions.AddRange(reader, other);
            var statuses = new[] { DeliveryStatus.Sent, DeliveryStatus.Sent, DeliveryStatus.Pending, DeliveryStatus.RetryWait, DeliveryStatus.Failed, DeliveryStatus.Interrupted, DeliveryStatus.Skipped };
            for (var i = 0; i < statuses.Length; i++)
            {
                db.Deliveries.Add(new Delivery
                {
                    Subscription = i % 2 == 0 ? reader : other,
                    Edition = $"2026-11-{i + 1:00}",
                    Status = statuses[i],
                    CreatedAt = now.AddHours(-i),
                    Attempts = statuses[i] == DeliveryStatus.Failed ? 5 : 1,
                    NextAttemptAt = statuses[i] == DeliveryStatus.RetryWait ? new DateTime(2026, 12, 24, 18, 0, 0, DateTimeKind.Utc) : null,
                    LastError = statuses[i] switch
                    {
                        DeliveryStatus.Failed => "550 5.1.1 mailbox unavailable",
                        DeliveryStatus.Interrupted => "the worker stopped while sending",
                        _ => null,
                    },
                });
            }

            // Older than the week: not counted, but a failure still listed until someone looks.
            db.Deliveries.Add(new Delivery { Subscription = reader, Edition = "2026-10-01", Status = DeliveryStatus.Failed, CreatedAt = now.AddDays(-20), LastError = "554 old" });
            await db.SaveChangesAsync();
        });
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/digests")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/digests");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)));
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = PaperFeedFactory.Html.ParseDocument(await response.Content.ReadAsStringAsync());
        string Count(DeliveryStatus status) => page.QuerySelector($"#counts tr[data-status='{status}'] td:nth-child(2)")!.TextContent;
        Assert.Equal(
            ["1", "0", "2", "1", "1", "1", "1"],
            new[] { DeliveryStatus.Pending, DeliveryStatus.Sending, DeliveryStatus.Sent, DeliveryStatus.RetryWait, DeliveryStatus.Failed, DeliveryStatus.Interrupted, DeliveryStatus.Skipped }.Select(Count));
        Assert.Contains("the next at 2026-12-24 18:00 UTC", page.QuerySelector($"#counts tr[data-status='{DeliveryStatus.RetryWait}']")!.TextContent);
        var problems = page.QuerySelectorAll("#problems tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(3, problems.Count);
        Assert.Equal(["reader@example.org", "2026-11-05", "failed", "5"], problems[0].Take(4)); // newest first
        Assert.Equal("550 5.1.1 mailbox unavailable", problems[0][5]);
        Assert.Equal(["other@example.org", "2026-11-06", "interrupted", "1"], problems[1].Take(4));
        Assert.Equal("the worker stopped while sending", problems[1][5]);
        Assert.Equal(["reader@example.org", "2026-10-01", "failed"], problems[2].Take(3));
    }

    [Fact]
    public async Task With_nothing_to_report_the_page_says_so()
    {
        using var app = new PaperFeedFactory(new Dictionary<string, string?> { ["Admin:Password"] = Password });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/digests");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)));

        var page = PaperFeedFactory.Html.ParseDocument(await (await app.CreateClient().SendAsync(request)).Content.ReadAsStringAsync());

        Assert.All(page.QuerySelectorAll("#counts td:nth-child(2)"), c => Assert.Equal("0", c.TextContent));
        Assert.StartsWith("None: every digest was sent", page.QuerySelector("main p:not(.hint)")!.TextContent);
    }
}
