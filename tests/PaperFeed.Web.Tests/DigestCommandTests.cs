using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary><c>digests send</c> as an operator runs it: the real executable, on the embedded defaults (mail to the pickup folder).</summary>
public sealed class DigestCommandTests : IAsyncLifetime
{
    // The recorded day is older than a week on the real clock the command runs on.
    private static readonly Dictionary<string, string> Settings = new() { ["Digests__MaxEditionAgeDays"] = "100000" };

    // Late in the UTC day there is no later hour left in UTC: then take Los Angeles, where it is midday.
    private static readonly string Zone = DateTime.UtcNow.Hour >= 20 ? "America/Los_Angeles" : "UTC";

    private readonly string _data = TestHost.NewDataDirectory();

    private static DateTime LocalNow => TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(Zone));

    // Stored once: recomputing it after a child process ran for seconds would differ across an hour boundary.
    private readonly int _deliveryHour = LocalNow.Hour + 2;

    public async Task InitializeAsync()
    {
        var import = await AppProcess.RunAsync(_data, new Dictionary<string, string>(), "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2026-08-21"));
        Assert.Equal(0, import.ExitCode);

        // A confirmed subscriber whose hour has not come: two hours from now, in a zone where that is still today.
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:DataDirectory"] = _data });
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            db.Subscriptions.Add(Subscribers.Confirmed("reader@example.org", DateTime.UtcNow, p => (p.TimeZone, p.DeliveryHour, p.MaxPapers) = (Zone, _deliveryHour, 2)));
            await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Dry_run_prints_who_would_get_which_papers_and_sends_nothing()
    {
        var run = await AppProcess.RunAsync(_data, Settings, "digests", "send", "--now", "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [
                "reader@example.org would get daily:2026-08-21 with 2 papers:",
                "2608.19880 (163) EnvHarness: Awakening Static Worlds for Agent Learning",
                "2608.18580 (54) FACET: Preserving Source Intent and Executable State in Terminal Task Synthesis",
            ],
            run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.False(Directory.Exists(Path.Combine(_data, "mail-pickup")) && Directory.EnumerateFiles(Path.Combine(_data, "mail-pickup")).Any());
    }

    [Fact]
    public async Task Without_now_the_subscriber_is_skipped_with_the_reason()
    {
        var run = await AppProcess.RunAsync(_data, Settings, "digests", "send", "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches($@"^reader@example\.org: nothing, delivery at {_deliveryHour:00}:00 and it is \d\d:\d\d in {Regex.Escape(Zone)}$", run.Stdout.Trim());
    }

    [Fact]
    public async Task Sending_writes_the_digest_to_the_pickup_folder_once()
    {
        var first = await AppProcess.RunAsync(_data, Settings, "digests", "send", "--now");
        var second = await AppProcess.RunAsync(_data, Settings, "digests", "send", "--now", "--verbose");

        Assert.Equal(0, first.ExitCode);
        Assert.EndsWith("Sent 1, to retry 0, failed 0.", first.Stdout.Trim());
        Assert.Contains($"the messages are .eml files in {Path.Combine(_data, "mail-pickup")}", first.Stdout);
        Assert.Contains("reader@example.org: nothing, already has edition daily:2026-08-21 (sent)", second.Stdout);
        Assert.EndsWith("Sent 0, to retry 0, failed 0.", second.Stdout.Trim());
        var mail = Assert.Single(Directory.GetFiles(Path.Combine(_data, "mail-pickup"), "*.eml"));
        var message = await MimeKit.MimeMessage.LoadAsync(mail);
        Assert.Equal("reader@example.org", message.To.Mailboxes.Single().Address);
        Assert.StartsWith("Friday, August 21, 2026: EnvHarness", message.Subject);
    }

    [Fact]
    public async Task Without_verbose_a_run_prints_one_line_per_outcome()
    {
        var run = await AppProcess.RunAsync(_data, Settings, "digests", "send", "--now");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Planned 1 digest (daily:2026-08-21: 1).", lines[0]);
        Assert.Equal("Sent 1, to retry 0, failed 0.", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("EnvHarness", StringComparison.Ordinal)); // papers only with --verbose
    }

    [Fact]
    public async Task A_relay_that_cannot_be_reached_leaves_the_digest_to_retry_exits_1_and_retry_now_sends_it_once_it_is_back()
    {
        using var refused = Ports.Refused(); // held until this test starts its own server there
        var port = refused.Port;
        var relay = new Dictionary<string, string>(Settings.Concat(AppProcess.SmtpRelay(port)));

        var down = await AppProcess.RunAsync(_data, relay, "digests", "send", "--now", "--verbose");

        Assert.Equal(1, down.ExitCode);
        Assert.Matches(@"^reader@example\.org gets daily:2026-08-21 with 2 papers \(not sent, to retry after \d{4}-\d\d-\d\d \d\d:\d\d UTC \(.+\)\):", down.Stdout.Split('\n')[0]);
        Assert.EndsWith("Sent 0, to retry 1, failed 0.", down.Stdout.Trim());

        var waiting = await AppProcess.RunAsync(_data, relay, "digests", "send", "--now", "--verbose");
        Assert.Contains("reader@example.org: nothing, already has edition daily:2026-08-21 (retrywait)", waiting.Stdout);
        Assert.Equal(1, waiting.ExitCode); // still not sent

        refused.Dispose();
        await using var smtp = TestSmtpServer.Start(port);
        var retried = await AppProcess.RunAsync(_data, relay, "digests", "send", "--retry-now");

        Assert.Equal(0, retried.ExitCode);
        Assert.EndsWith("Sent 1, to retry 0, failed 0.", retried.Stdout.Trim());
        Assert.Equal("reader@example.org", Assert.Single(await smtp.WaitForAsync(1)).Recipients.Single());
    }

    [Fact]
    public async Task By_default_a_day_older_than_a_week_is_never_sent_and_one_from_six_days_ago_is()
    {
        // No Digests:MaxEditionAgeDays: the default rule, in the real executable.
        var stale = await AppProcess.RunAsync(_data, new Dictionary<string, string>(), "digests", "send", "--now", "--dry-run");

        Assert.Equal(0, stale.ExitCode);
        Assert.Contains("reader@example.org: nothing, the latest papers are from 2026-08-21", stale.Stdout);
        Assert.DoesNotContain("2026-08-21", stale.Stderr); // said once, not again as a log line

        var sixDaysAgo = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-6);
        await using (var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:DataDirectory"] = _data }))
        {
            await host.QueryAsync(db => db.FeaturedEntries.ExecuteUpdateAsync(s => s.SetProperty(f => f.Date, sixDaysAgo)));
        }

        var recent = await AppProcess.RunAsync(_data, new Dictionary<string, string>(), "digests", "send", "--now", "--dry-run");
        Assert.Equal(0, recent.ExitCode);
        Assert.StartsWith($"reader@example.org would get daily:{sixDaysAgo:yyyy-MM-dd} with 2 papers:", recent.Stdout);
    }

    [Fact]
    public async Task An_instance_without_active_subscribers_says_so()
    {
        await using (var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:DataDirectory"] = _data }))
        {
            await host.QueryAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Unsubscribed)));
        }

        var nobody = await AppProcess.RunAsync(_data, Settings, "digests", "send", "--now");

        Assert.Equal(0, nobody.ExitCode);
        Assert.Contains("No active subscribers: nobody has confirmed a subscription yet, or everybody has unsubscribed.", nobody.Stdout);
    }

    [Fact]
    public async Task A_delivery_interrupted_after_its_body_is_reported_never_resent_and_the_command_exits_1()
    {
        await using var smtp = TestSmtpServer.Start();
        smtp.DropBeforeAnswering = 1; // the server has the message, the client never hears so
        var relay = new Dictionary<string, string>(Settings.Concat(AppProcess.SmtpRelay(smtp.Port)));

        var cut = await AppProcess.RunAsync(_data, relay, "digests", "send", "--now");

        Assert.Equal(1, cut.ExitCode);
        Assert.Contains("error: ", cut.Stderr);
        Assert.Contains("not resent, to avoid a duplicate", cut.Stderr);
        Assert.EndsWith("Sent 0, to retry 0, failed 0.", cut.Stdout.Trim());

        smtp.DropBeforeAnswering = null;
        var again = await AppProcess.RunAsync(_data, relay, "digests", "send", "--now", "--verbose");
        Assert.Contains("reader@example.org: nothing, already has edition daily:2026-08-21 (interrupted)", again.Stdout);
        Assert.Single(smtp.To("reader@example.org")); // the one the server kept, never a second
    }
}
