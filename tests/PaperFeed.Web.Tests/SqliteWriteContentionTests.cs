using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Testing;
using Xunit.Abstractions;

namespace PaperFeed.Web.Tests;

/// <summary>
/// One SQLite file written by three processes at once, as one machine runs the app: the web server taking subscribe
/// posts, confirmations and preference saves (and writing the confirmation notices they ask for), an <c>ingest</c> of a
/// range of recorded days, and a <c>digests send</c> of a batch. SQLite has one writer at a time: every other one waits
/// its turn, and no "database is locked" reaches a person, a log or an exit code. SQLite only (the PostgreSQL copy of
/// the web tests leaves it out).
/// </summary>
public sealed partial class SqliteWriteContentionTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const int Readers = 24;
    private const int SubscribeWriters = 3;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20); // between a writer's posts: busy, not flooded
    private static readonly string[] RecordedDays = ["2025-03-14", "2025-06-17"];
    private const int RangeDays = 103; // 2025-03-10 to 2025-06-20: the two recorded days, and empty ones between
    private DueReaders _readers = null!;
    private RecordedUpstream _upstream = null!;
    private AppServer? _web;

    public async Task InitializeAsync()
    {
        _readers = await DueReaders.PrepareAsync(Readers);
        _upstream = await RecordedUpstream.StartAsync();
        foreach (var day in RecordedDays)
        {
            _upstream.ServeDay(day, Fixtures.HuggingFaceDay(day));
        }
    }

    public async Task DisposeAsync()
    {
        await (_web?.DisposeAsync() ?? ValueTask.CompletedTask);
        await _upstream.DisposeAsync();
        await _readers.DisposeAsync();
    }

    [Fact]
    public async Task A_web_process_and_two_commands_writing_one_sqlite_file_at_once_all_succeed_and_every_write_lands()
    {
        _web = await AppServer.StartAsync(_readers.Data, new Dictionary<string, string>
        {
            // The writes of this test, not the limits that keep one client or the site from sending much mail.
            ["Api__PageRequestsPerMinute"] = "100000",
            ["Api__SubscribeRequestsPerHour"] = "100000",
            ["Api__SubscribeMailsPerHour"] = "100000",
            // No recurring job (they keep their queue in another file, hangfire.db): the digests are the command's.
            ["Jobs__RunServer"] = "false",
        });
        using var client = _web.Client();
        var writes = new ConcurrentQueue<Write>();
        var errors = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, SubscribeWriters).Select(w => SubscribeLoopAsync(client, w, writes, errors, stop.Token))
            .Append(ConfirmLoopAsync(_web, writes, errors, stop.Token)).ToList();

        var upstream = _upstream.BaseAddress.ToString().TrimEnd('/');
        var clock = Stopwatch.StartNew();
        var ingest = AppProcess.RunAsync(_readers.Data, new Dictionary<string, string>
        {
            ["Sources__HuggingFace__BaseUrl"] = upstream,
            ["Sources__HuggingFace__RequestDelay"] = "00:00:00",
        }, "ingest", "huggingface", "--from", "2025-03-10", "--to", "2025-06-20");
        var digests = AppProcess.RunAsync(_readers.Data, _readers.SendingEnvironment(), "digests", "send", "--now");
        var (ingestTime, digestTime) = (TimeSpan.Zero, TimeSpan.Zero);
        while (!ingest.IsCompleted || !digests.IsCompleted)
        {
            Sample(writes, ingest, digests);
            await Task.Delay(5);
            ingestTime = ingest.IsCompleted && ingestTime == TimeSpan.Zero ? clock.Elapsed : ingestTime;
            digestTime = digests.IsCompleted && digestTime == TimeSpan.Zero ? clock.Elapsed : digestTime;
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var (ingestRun, digestRun) = (await ingest, await digests);

        var output = $"ingest exit {ingestRun.ExitCode}:\n{ingestRun.Stdout}{ingestRun.Stderr}\ndigests send exit {digestRun.ExitCode}:\n{digestRun.Stdout}{digestRun.Stderr}\nweb:\n{_web.Output}";
        var all = writes.ToList();
        var during = all.Count(w => w.DuringIngest && w.DuringDigests);
        log.WriteLine($"{all.Count} web writes in {clock.Elapsed.TotalSeconds:0.0} s (ingest {ingestTime.TotalSeconds:0.0} s, digests send {digestTime.TotalSeconds:0.0} s): {all.Count(w => w.DuringIngest)} while the ingest stored days, {all.Count(w => w.DuringDigests)} while the digests went out, {during} while both did; the slowest answered in {all.Max(w => w.Took.TotalMilliseconds):0} ms");
        Assert.True(errors.IsEmpty, string.Join("\n", errors) + "\n" + output);
        Assert.True((0, 0) == (ingestRun.ExitCode, digestRun.ExitCode), output);
        Assert.DoesNotMatch(Busy(), output);
        Assert.True(during >= 10, $"only {during} web writes landed while both commands were writing\n{output}");

        // Every write the web process answered is in the database, every day the ingest printed is stored whole, and
        // each digest went out once.
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:DataDirectory"] = _readers.Data });
        var stored = await host.QueryAsync(db => db.Subscriptions.AsNoTracking()
            .ToDictionaryAsync(s => s.Email, s => (Confirmed: s.ConfirmedAt != null, s.Preferences.MaxPapers), StringComparer.Ordinal));
        Assert.All(all, w => Assert.True(
            stored.TryGetValue(w.Email, out var row) && w.Kind switch { "confirm" => row.Confirmed, "save preferences" => row.MaxPapers == 4, _ => true },
            $"{w.Kind} of {w.Email} was answered but is not stored"));
        var printed = DayLine().Matches(ingestRun.Stdout).ToDictionary(m => DateOnly.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(RangeDays, printed.Count);
        var days = await host.QueryAsync(db => db.FeaturedEntries.Where(e => e.Source == "huggingface").GroupBy(e => e.Date).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.All(printed.Where(p => p.Value > 0), p => Assert.Equal(p.Value, days.GetValueOrDefault(p.Key)));
        Assert.Equal(RecordedDays.Length, printed.Count(p => p.Value > 0));
        var deliveries = await host.QueryAsync(db => db.Deliveries.Select(d => new { d.Subscription.Email, d.Status }).ToListAsync());
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.All(deliveries, d => Assert.Single(_readers.Smtp.To(d.Email)));
        Assert.All(Enumerable.Range(1, Readers), i => Assert.Single(_readers.Smtp.To($"reader{i}@example.org")));
        Assert.Equal(deliveries.Count, _readers.Smtp.Messages.Count);
    }

    /// <summary>Subscribes new addresses, one after the other, until stopped.</summary>
    private async Task SubscribeLoopAsync(HttpClient client, int writer, ConcurrentQueue<Write> writes, ConcurrentQueue<string> errors, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var email = $"web{writer}-{i}@example.org";
            var took = Stopwatch.StartNew();
            var response = await client.PostAsync("/subscribe", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["timezone"] = "UTC" }), CancellationToken.None);
            if (Answered(response, "/subscribe/sent", "subscribe", email, errors))
            {
                writes.Enqueue(new Write("subscribe", email, took.Elapsed));
            }

            await Task.Delay(Pause, CancellationToken.None);
        }
    }

    /// <summary>
    /// Opens each confirmation notice the web process writes, confirms from its link and saves preferences, as the
    /// reader would in a browser, until stopped.
    /// </summary>
    private async Task ConfirmLoopAsync(AppServer web, ConcurrentQueue<Write> writes, ConcurrentQueue<string> errors, CancellationToken stop)
    {
        var opened = new HashSet<string>(StringComparer.Ordinal);
        var pickup = Path.Combine(_readers.Data, "mail-pickup");
        while (!stop.IsCancellationRequested)
        {
            var next = PickupFiles.ByFile(pickup).Keys.Order(StringComparer.Ordinal).FirstOrDefault(f => !opened.Contains(f));
            if (next is null)
            {
                await Task.Delay(20, CancellationToken.None);
                continue;
            }

            opened.Add(next);
            using var message = await MimeMessage.LoadAsync(next, CancellationToken.None);
            var email = message.To.Mailboxes.Single().Address;
            using var browser = web.Client();
            var confirm = new Uri(MailLinks.Confirm(message.TextBody ?? "")).AbsolutePath;
            var took = Stopwatch.StartNew();
            var confirmed = await PostFormAsync(browser, confirm, confirm, []);
            if (!Answered(confirmed, "/manage/", "confirm", email, errors))
            {
                continue;
            }

            writes.Enqueue(new Write("confirm", email, took.Elapsed));
            var manage = confirmed.Headers.Location!.OriginalString;
            took.Restart();
            var saved = await PostFormAsync(browser, manage, $"{manage.Split('?')[0]}?handler=Save", new() { ["Input.MaxPapers"] = "4" }); // the rest as the form's defaults
            if (Answered(saved, "/manage/", "save preferences", email, errors))
            {
                writes.Enqueue(new Write("save preferences", email, took.Elapsed));
            }
        }
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(formPage));
        if (page.QuerySelector("main input[name=__RequestVerificationToken]")?.GetAttribute("value") is { } token)
        {
            fields["__RequestVerificationToken"] = token;
        }

        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Whether the post was taken (a redirect to <paramref name="next"/>); anything else is an error of the test.</summary>
    private static bool Answered(HttpResponseMessage response, string next, string kind, string email, ConcurrentQueue<string> errors)
    {
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith(next, StringComparison.Ordinal) == true)
            {
                return true;
            }

            errors.Enqueue($"{kind} of {email}: {(int)response.StatusCode} {response.Headers.Location}");
            return false;
        }
    }

    /// <summary>What each command was doing when the writes so far landed.</summary>
    private void Sample(ConcurrentQueue<Write> writes, Task ingest, Task digests)
    {
        var (ingesting, sending) = (!ingest.IsCompleted && _upstream.Requests.Count > 0, !digests.IsCompleted && _readers.Smtp.Messages.Count is > 0 and < Readers);
        foreach (var write in writes.Where(w => !w.Sampled))
        {
            (write.DuringIngest, write.DuringDigests, write.Sampled) = (ingesting, sending, true);
        }
    }

    [GeneratedRegex("database is locked|SQLITE_BUSY|busy", RegexOptions.IgnoreCase)]
    private static partial Regex Busy();

    [GeneratedRegex(@"^\[\d+/\d+\] (\d{4}-\d{2}-\d{2}): (\d+) papers?$", RegexOptions.Multiline)]
    private static partial Regex DayLine();

    /// <summary>A write the web process answered: a subscribe, a confirmation or a preference save.</summary>
    private sealed class Write(string kind, string email, TimeSpan took)
    {
        public TimeSpan Took => took;

        public string Kind => kind;

        public string Email => email;

        public bool Sampled { get; set; }

        public bool DuringIngest { get; set; }

        public bool DuringDigests { get; set; }
    }
}
