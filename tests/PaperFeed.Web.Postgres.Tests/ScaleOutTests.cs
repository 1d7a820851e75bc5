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
/// the database is a file in one data directory. The nodes start once for the class (<see cref="ScaleOutCluster"/>);
/// each promise is a test of its own, so that one failure does not hide the others.
/// </summary>
public sealed class ScaleOutTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    private const int SubscriberCount = 300;

    [Fact]
    public async Task Both_web_nodes_show_the_stored_day_and_find_its_papers_each_from_its_own_search_index()
    {
        foreach (var web in new[] { cluster.WebA, cluster.WebB })
        {
            using var client = ScaleOutCluster.Client(web);
            var day = await client.GetStringAsync($"/papers/date/{cluster.Day:yyyy-MM-dd}");
            Assert.Contains("/papers/2503.10480", day);
            Assert.True(await ScaleOutCluster.EventuallyAsync(async () => (await client.GetStringAsync("/search?q=planner")).Contains("/papers/2503.10480", StringComparison.Ordinal)),
                $"the web node on port {web} never found the stored paper");
        }
    }

    [Fact]
    public async Task A_browser_subscribes_on_one_web_node_and_confirms_and_sets_preferences_on_the_other()
    {
        // Every form is posted to the other node than the one that served it (its antiforgery token and cookie).
        var browser = new CookieContainer();
        using (var a = ScaleOutCluster.Client(cluster.WebA, browser))
        using (var b = ScaleOutCluster.Client(cluster.WebB, browser))
        {
            var subscribed = await ScaleOutCluster.PostFormAsync(a, "/subscribe", b, "/subscribe", new() { ["email"] = "reader@example.org", ["timezone"] = "UTC" });
            Assert.Equal(HttpStatusCode.Redirect, subscribed.StatusCode);
            Assert.True(await ScaleOutCluster.EventuallyAsync(() => Task.FromResult(cluster.Smtp.To("reader@example.org").Count > 0)), "no confirmation arrived");
            var confirmation = Assert.Single(cluster.Smtp.To("reader@example.org")).Message;
            var confirmPath = new Uri(MailLinks.Confirm(confirmation.TextBody!)).PathAndQuery;
            var confirmed = await ScaleOutCluster.PostFormAsync(a, confirmPath, b, confirmPath, []);
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            var manage = confirmed.Headers.Location!.OriginalString.Split('?')[0];
            var saved = await ScaleOutCluster.PostFormAsync(b, manage, a, $"{manage}?handler=Save", new()
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

        var reader = await cluster.QueryAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.Email == "reader@example.org"));
        Assert.Equal((SubscriptionStatus.Active, 3, 0), (reader.Status, reader.Preferences.MaxPapers, reader.Preferences.DeliveryHour));
    }

    [Fact]
    public async Task Two_workers_and_two_commands_at_once_send_each_due_digest_exactly_once()
    {
        await cluster.QueryAsync(async db =>
        {
            for (var i = 0; i < SubscriberCount; i++)
            {
                var maxPapers = 1 + (i % 5);
                db.Subscriptions.Add(Subscribers.Confirmed($"fan{i}@example.org", DateTime.UtcNow, p => (p.DeliveryHour, p.MaxPapers) = (0, maxPapers)));
            }

            return await db.SaveChangesAsync();
        });

        // Everything at once: both workers run the digest job (queued twice in their shared Hangfire storage, besides
        // its every-minute schedule), and two operators run `digests send` beside them.
        var jobs = new BackgroundJobClient(cluster.JobStorage());
        jobs.Enqueue<DigestJob>(job => job.SendDueAsync(CancellationToken.None));
        jobs.Enqueue<DigestJob>(job => job.SendDueAsync(CancellationToken.None));
        var commands = await Task.WhenAll(
            AppProcess.RunAsync(TestHost.NewDataDirectory(), cluster.Environment(), "digests", "send"),
            AppProcess.RunAsync(TestHost.NewDataDirectory(), cluster.Environment(), "digests", "send"));
        foreach (var command in commands)
        {
            Assert.True(command.ExitCode == 0, command.Stdout + command.Stderr);
        }

        Assert.True(
            await ScaleOutCluster.EventuallyAsync(async () => await cluster.QueryAsync(db => db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Sent && d.Subscription.Email.StartsWith("fan"))) == SubscriberCount),
            "not every due digest was sent");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a second copy would arrive by now
        var digests = cluster.Smtp.Messages.Where(m => m.Message.Headers.Contains("List-Id")).SelectMany(m => m.Recipients).ToList();
        Assert.Equal(digests.Count, digests.Distinct(StringComparer.OrdinalIgnoreCase).Count()); // nobody has one twice
        Assert.Equal(SubscriberCount, digests.Count(r => r.StartsWith("fan", StringComparison.Ordinal)));
    }
}

/// <summary>
/// Two web nodes and two workers as processes on one PostgreSQL database, healthy, with one recorded day stored by
/// the operator command as yesterday's list (so that digests are due today).
/// </summary>
public sealed class ScaleOutCluster : IAsyncLifetime
{
    private readonly string _database = TestHost.NewDataDirectory(); // names the shared database
    private readonly List<(Process Process, StringBuilder Output)> _processes = [];
    private TestHost _host = null!;

    public TestSmtpServer Smtp { get; private set; } = null!;

    public int WebA { get; } = Ports.Free();

    public int WebB { get; } = Ports.Free();

    public DateOnly Day { get; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    public async Task InitializeAsync()
    {
        Smtp = TestSmtpServer.Start();
        var nodes = new[] { Start("web", WebA), Start("web", WebB), Start("worker", Ports.Free()), Start("worker", Ports.Free()) };
        foreach (var node in nodes)
        {
            await WaitHealthyAsync(node);
        }

        var import = await AppProcess.RunAsync(TestHost.NewDataDirectory(), Environment(), "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2025-03-14"));
        Assert.True(import.ExitCode == 0, import.Stderr);
        _host = await TestHost.StartAsync(settings: Settings());
        await QueryAsync(db => db.FeaturedEntries.ExecuteUpdateAsync(s => s.SetProperty(f => f.Date, Day)));
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

        await _host.DisposeAsync();
        await Smtp.DisposeAsync();
        TestDatabase.Drop(_database);
    }

    public Task<T> QueryAsync<T>(Func<PaperFeedDbContext, Task<T>> query) => _host.QueryAsync(query);

    private Dictionary<string, string?> Settings() => new()
    {
        [DatabaseProviders.Setting] = "Postgres",
        ["ConnectionStrings:PaperFeed"] = TestDatabase.ConnectionString(_database),
        ["App:SecretKey"] = TestDatabase.SecretKey,
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Sources:HuggingFace:Enabled"] = "false",
        ["Digests:Cron"] = "* * * * *",
    };

    public Dictionary<string, string> Environment() =>
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

    public JobStorage JobStorage()
    {
        var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = false };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(TestDatabase.ConnectionString(_database), options), options);
    }

    /// <summary>An HTTP client of one node; clients given the same cookie jar are one browser visiting several nodes.</summary>
    public static HttpClient Client(int port, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    /// <summary>GETs a form from one node and posts it, with that node's antiforgery token and cookie, to another.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient from, string formPage, HttpClient to, string action, Dictionary<string, string> fields)
    {
        var page = await new HtmlParser().ParseDocumentAsync(await from.GetStringAsync(formPage));
        if (page.QuerySelector("main input[name=__RequestVerificationToken]")?.GetAttribute("value") is { } token)
        {
            fields["__RequestVerificationToken"] = token;
        }

        return await to.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
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
