using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Jobs;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// A public instance as the README deploys it: two web nodes and two job workers, each a process with its own data
/// directory, on one PostgreSQL database, with a real SMTP server. Only in the PostgreSQL test assembly: on SQLite
/// the database is a file in one data directory.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private const int SubscriberCount = 300;
    private readonly string _database = TestHost.NewDataDirectory(); // names the shared database
    private readonly List<(Process Process, StringBuilder Output)> _processes = [];
    private TestSmtpServer _smtp = null!;

    public Task InitializeAsync()
    {
        _smtp = TestSmtpServer.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_web_nodes_and_two_workers_on_one_database_serve_the_same_catalog_and_send_each_digest_once()
    {
        var (webA, webB) = (Ports.Free(), Ports.Free());
        var nodes = new[] { Start("web", webA), Start("web", webB), Start("worker", Ports.Free()), Start("worker", Ports.Free()) };
        foreach (var node in nodes)
        {
            await WaitHealthyAsync(node);
        }

        // The day is stored by the operator command, as yesterday's list (so that the digests are due today).
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var import = await AppProcess.RunAsync(TestHost.NewDataDirectory(), Environment(), "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2025-03-14"));
        Assert.True(import.ExitCode == 0, import.Stderr);
        await using var host = await TestHost.StartAsync(settings: Settings());
        await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().FeaturedEntries
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Date, yesterday)));

        // Both web nodes show the day and find its papers, each from its own search index.
        foreach (var web in new[] { webA, webB })
        {
            using var client = Client(web);
            var day = await client.GetStringAsync($"/papers/date/{yesterday:yyyy-MM-dd}");
            Assert.Contains("/papers/2503.10480", day);
            Assert.True(await EventuallyAsync(async () => (await client.GetStringAsync("/search?q=planner")).Contains("/papers/2503.10480", StringComparison.Ordinal)),
                $"the web node on port {web} never found the stored paper");
        }

        // Subscribe on one node; confirm and change preferences on the other, posting forms the first one served.
        var browser = new CookieContainer();
        using (var a = Client(webA, browser))
        using (var b = Client(webB, browser))
        {
            var subscribed = await PostFormAsync(a, "/subscribe", b, "/subscribe", new() { ["email"] = "reader@example.org", ["timezone"] = "UTC" });
            Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
            var confirmation = Assert.Single(await _smtp.WaitForAsync(1)).Message;
            var confirmPath = new Uri(MailLinks.Confirm(confirmation.TextBody!)).PathAndQuery;
            var confirmed = await PostFormAsync(a, confirmPath, b, confirmPath, []);
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            var manage = confirmed.Headers.Location!.OriginalString.Split('?')[0];
            var saved = await PostFormAsync(b, manage, a, $"{manage}?handler=Save", new()
            {
                ["Input.Frequency"] = "daily",
                ["Input.WeeklyDay"] = "Monday",
                ["Input.DeliveryHour"] = "0",
                ["Input.TimeZone"] = "UTC",
                ["Input.MaxPapers"] = "3",
                ["Input.MinUpvotes"] = "0",
                ["Input.IncludeKeywords"] = "",
                ["Input.ExcludeKeywords"] = "",
            });
            Assert.Equal($"{manage}?done=saved", saved.Headers.Location!.OriginalString);
        }

        var reader = await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Subscriptions.AsNoTracking().SingleAsync(s => s.Email == "reader@example.org"));
        Assert.Equal((SubscriptionStatus.Active, 3, 0), (reader.Status, reader.Preferences.MaxPapers, reader.Preferences.DeliveryHour));

        // 300 more confirmed subscribers, due now.
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            for (var i = 0; i < SubscriberCount; i++)
            {
                var maxPapers = 1 + (i % 5);
                db.Subscriptions.Add(Subscribers.Confirmed($"reader{i}@example.org", DateTime.UtcNow, p => (p.DeliveryHour, p.MaxPapers) = (0, maxPapers)));
            }

            await db.SaveChangesAsync();
        });

        // Everything at once: both workers run the digest job (queued twice in their shared Hangfire storage), and two
        // operators run `digests send` beside them.
        var jobs = new BackgroundJobClient(JobStorage());
        jobs.Enqueue<DigestJob>(job => job.SendDueAsync(CancellationToken.None));
        jobs.Enqueue<DigestJob>(job => job.SendDueAsync(CancellationToken.None));
        var commands = await Task.WhenAll(
            AppProcess.RunAsync(TestHost.NewDataDirectory(), Environment(), "digests", "send"),
            AppProcess.RunAsync(TestHost.NewDataDirectory(), Environment(), "digests", "send"));
        foreach (var command in commands)
        {
            Assert.True(command.ExitCode == 0, command.Stdout + command.Stderr);
        }

        var due = SubscriberCount + 1;
        Assert.True(
            await EventuallyAsync(async () => await host.InScopeAsync(sp => sp.GetRequiredService<PaperFeedDbContext>().Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent)) == due),
            "not every due digest was sent");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a second copy would arrive by now
        var digests = _smtp.Messages.Skip(1).SelectMany(m => m.Recipients).ToList();
        Assert.Equal(due, digests.Count);
        Assert.Equal(due, digests.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("reader@example.org", digests);
    }

    public async Task DisposeAsync()
    {
        foreach (var (process, _) in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        await _smtp.DisposeAsync();
        TestDatabase.Drop(_database);
    }

    private Dictionary<string, string?> Settings() => new()
    {
        [DatabaseProviders.Setting] = "Postgres",
        ["ConnectionStrings:PaperFeed"] = TestDatabase.ConnectionString(_database),
        ["App:SecretKey"] = TestDatabase.SecretKey,
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Sources:HuggingFace:Enabled"] = "false",
        ["Digests:Cron"] = "* * * * *",
    };

    private Dictionary<string, string> Environment() =>
        Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!, StringComparer.Ordinal);

    private int Start(string role, int port)
    {
        var environment = Environment();
        environment["App__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        var process = AppProcess.Start(TestHost.NewDataDirectory(), environment, "--role", role, "--urls", $"http://127.0.0.1:{port}");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((process, output));
        return port;
    }

    private async Task WaitHealthyAsync(int port)
    {
        using var client = Client(port);
        var healthy = await EventuallyAsync(async () =>
        {
            try
            {
                return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        var (process, output) = _processes.Single(p => p.Process.StartInfo.ArgumentList.Contains($"http://127.0.0.1:{port}"));
        Assert.True(healthy, $"the process on port {port} never became healthy (exited: {process.HasExited}):\n{output}");
    }

    private JobStorage JobStorage()
    {
        var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = false };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(TestDatabase.ConnectionString(_database), options), options);
    }

    /// <summary>An HTTP client of one node; clients given the same cookie jar are one browser visiting several nodes.</summary>
    private static HttpClient Client(int port, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    /// <summary>GETs a form from one node and posts it, with that node's antiforgery token and cookie, to another.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient from, string formPage, HttpClient to, string action, Dictionary<string, string> fields)
    {
        var page = await new HtmlParser().ParseDocumentAsync(await from.GetStringAsync(formPage));
        if (page.QuerySelector("main input[name=__RequestVerificationToken]")?.GetAttribute("value") is { } token)
        {
            fields["__RequestVerificationToken"] = token;
        }

        return await to.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(90); await Task.Delay(250))
        {
            if (await condition())
            {
                return true;
            }
        }

        return false;
    }
}
