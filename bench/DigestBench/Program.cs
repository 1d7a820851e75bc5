using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PaperFeed.Core.Library;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;

// Digest fan-out benchmark (not a test; docs/PERFORMANCE.md). `run` imports the recorded Hugging Face days into a data
// directory through the app's own `ingest` command (re-dated to the last complete week, so that both the daily and
// the weekly editions are due), writes N confirmed subscribers with varied preferences straight into the app's
// database, and then, round after round: runs the app's `digests send --now` (plan, select, render, SMTP: the digest
// job's code, as an operator runs it) against Postfix's smtp-sink, and beside it the ceiling, a plain MailKit loop
// sending the same messages (taken from what the sink received, parsed before the clock starts) over one connection
// with Nagle's algorithm off, to a sink of its own. It checks that every subscriber with a digest got exactly one
// message and nobody else got any, and prints messages per second for both, the ratio, and the app's time per phase
// (from the delivery rows' own timestamps).
if (args is [] or ["--help"] or ["-h"] or ["help"] or ["run", "--help"])
{
    return Usage(null, args is [] ? 2 : 0);
}

if (args is ["run", .. var rest])
{
    var (run, error) = RunOptions.Parse(rest);
    return error is null ? await Bench.RunAsync(run) : Usage(error, 2);
}

return Usage($"unknown command '{args[0]}'", 2);

static int Usage(string? error, int code)
{
    if (error is not null)
    {
        Console.Error.WriteLine($"error: {error}");
    }

    (code == 0 ? Console.Out : Console.Error).WriteLine("""
        usage: DigestBench run --data DIR [--subscribers 10000] [--rounds 3] [--app PaperFeed.Web.dll]
                               [--postgres CONNECTION_STRING] [--seed 1] [--for-you PERCENT] [--markdown FILE]
          --data         the app's data directory (created when missing); its subscribers and deliveries are REPLACED
          --subscribers  confirmed subscribers to write, with varied preferences (default 10000)
          --rounds       app run + ceiling run pairs; the table shows medians (default 3)
          --app          the app's executable (default: src/Web/bin/Release/net10.0/publish/PaperFeed.Web.dll, made by
                         `dotnet publish -c Release src/Web`)
          --postgres     run the app on PostgreSQL (a connection string naming a database of its own) instead of SQLite
          --seed         seed of the subscribers' preferences (default 1)
          --for-you      this share of the subscribers (1-100) ranks by "For you", with 3-10 saved papers and one marked
                         "not for me" each, so that the run trains and scores their models (default: none)
          --markdown     append the tables to FILE as well

        Needs Postfix's smtp-sink (Debian: echo "postfix postfix/main_mailer_type select No configuration" |
        debconf-set-selections; apt-get install -y --no-install-recommends postfix). It is started by the benchmark
        on a free port of 127.0.0.1, one sink per measured run. Exits 1 when the app's command failed or when a
        subscriber got no message, two, or one they were not due.
        """);
    return code;
}

/// <summary>The options of <c>run</c>.</summary>
internal sealed record RunOptions(string Data, string App, string? Postgres, int Subscribers, int Rounds, int Seed, string? Markdown)
{
    /// <summary>The percentage of subscribers whose digests are ranked "For you" (0: none).</summary>
    public int ForYou { get; init; }

    /// <summary>Whether --app named another build of the app than the published one (said in the table's command).</summary>
    public bool OtherApp { get; init; }

    public static (RunOptions Options, string? Error) Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return (null!, $"'{args[i]}' is not an option with a value");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var unknown = values.Keys.Except(["data", "app", "postgres", "subscribers", "rounds", "seed", "markdown", "for-you"]).FirstOrDefault();
        string? bad = null;
        int Number(string key, int fallback)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return n;
            }

            bad ??= $"--{key} wants a positive whole number, not '{text}'";
            return fallback;
        }

        var options = new RunOptions(
            values.GetValueOrDefault("data", ""),
            Path.GetFullPath(values.GetValueOrDefault("app") ?? Path.Combine(Bench.Repository(), "src", "Web", "bin", "Release", "net10.0", "publish", "PaperFeed.Web.dll")),
            values.GetValueOrDefault("postgres"),
            Number("subscribers", 10_000),
            Number("rounds", 3),
            Number("seed", 1),
            values.GetValueOrDefault("markdown")) { OtherApp = values.ContainsKey("app"), ForYou = Number("for-you", 0) };
        return (options, unknown is not null ? $"unknown option --{unknown}"
            : options.ForYou > 100 ? "--for-you is a percentage, from 1 to 100"
            : bad is not null ? bad
            : options.Data.Length == 0 ? "--data is required"
            : !File.Exists(options.App) ? $"no app at {options.App}: publish it with `dotnet publish -c Release src/Web`, or name it with --app"
            : null);
    }
}

/// <summary>One app run: the command's wall time, its exit code, and the phases read from the delivery rows.</summary>
internal sealed record AppRun(double Seconds, int ExitCode, int Planned, int Sent, int Empty, double Startup, double Plan, double Send, double Exit, Sink.Received Received);

internal static class Bench
{
    private const string SmtpSink = "smtp-sink";

    public static async Task<int> RunAsync(RunOptions options)
    {
        if (Which(SmtpSink) is null)
        {
            Console.Error.WriteLine("error: Postfix's smtp-sink is not installed: echo \"postfix postfix/main_mailer_type select No configuration\" | debconf-set-selections; apt-get install -y --no-install-recommends postfix");
            return 2;
        }

        Directory.CreateDirectory(options.Data);
        var provider = options.Postgres is null ? "SQLite" : "PostgreSQL";
        var work = Directory.CreateTempSubdirectory("digestbench-");
        if (!OperatingSystem.IsWindows())
        {
            // The sinks' folders are under it, and a sink started as root writes as nobody.
            File.SetUnixFileMode(work.FullName, (UnixFileMode)0x1ED);
        }

        try
        {
            var days = await ImportRecordedDaysAsync(options, work.FullName);
            await WriteSubscribersAsync(options);

            var runs = new List<(AppRun App, double Ceiling, int CeilingMessages)>();
            var problems = new List<string>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                await ForgetDeliveriesAsync(options);
                Console.WriteLine($"[round {round}/{options.Rounds}] app: digests send --now, {options.Subscribers:N0} subscribers");
                var app = await RunAppAsync(options, Path.Combine(work.FullName, $"app-{round}"));
                Console.WriteLine($"[round {round}/{options.Rounds}] app: {app.Sent:N0} sent in {app.Seconds:0.00} s ({app.Sent / app.Seconds:N0} messages/s); start-up and choosing {app.Startup:0.00} s, rows {app.Plan:0.00} s, send {app.Send:0.00} s");
                problems.AddRange(await CheckAsync(options, app));

                // The ceiling: the same messages, parsed before the clock starts, over one connection to a new sink.
                var messages = app.Received.Messages.Select(m => MimeMessage.Load(new MemoryStream(m))).ToList();
                Console.WriteLine($"[round {round}/{options.Rounds}] ceiling: MailKit, {messages.Count:N0} pre-rendered messages over one connection");
                var (seconds, received) = await CeilingAsync(messages, Path.Combine(work.FullName, $"ceiling-{round}"));
                Console.WriteLine($"[round {round}/{options.Rounds}] ceiling: {messages.Count:N0} sent in {seconds:0.00} s ({messages.Count / seconds:N0} messages/s)");
                if (received != messages.Count)
                {
                    problems.Add($"round {round}: the ceiling's sink received {received} of {messages.Count} messages");
                }

                runs.Add((app, seconds, messages.Count));
            }

            var table = Table(options, provider, days, runs);
            Console.WriteLine();
            Console.Write(table);
            if (options.Markdown is not null)
            {
                await File.AppendAllTextAsync(options.Markdown, table + Environment.NewLine);
            }

            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"error: {problem}");
            }

            return problems.Count > 0 ? 1 : 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Table(RunOptions options, string provider, string days, List<(AppRun App, double Ceiling, int CeilingMessages)> runs)
    {
        var sent = runs.Select(r => r.App.Sent).Distinct().ToList();
        var appRate = Median(runs.Select(r => r.App.Sent / r.App.Seconds));
        var sendRate = Median(runs.Select(r => r.App.Sent / r.App.Send));
        var ceilingRate = Median(runs.Select(r => r.CeilingMessages / r.Ceiling));
        var ratios = runs.Select(r => r.App.Sent / r.App.Seconds / (r.CeilingMessages / r.Ceiling)).ToList();
        var sendRatios = runs.Select(r => r.App.Sent / r.App.Send / (r.CeilingMessages / r.Ceiling)).ToList();
        var command = $"DigestBench run --data {options.Data}{(options.OtherApp ? $" --app {options.App}" : "")}{(options.Postgres is null ? "" : " --postgres …")} --subscribers {options.Subscribers} --rounds {options.Rounds}{(options.ForYou > 0 ? $" --for-you {options.ForYou}" : "")}";
        var catalog = $"{days}; {options.Subscribers:N0} subscribers{(options.ForYou > 0 ? $", {options.ForYou}% of them For you" : "")}";
        var sizes = runs[0].App.Received.Messages.DefaultIfEmpty([]).ToList();
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; {provider}; medians of {options.Rounds} round{(options.Rounds == 1 ? "" : "s")}, app and ceiling alternated; {string.Join(" / ", sent.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} digests sent a round ({runs[0].App.Empty:N0} subscribers had nothing matching), messages of {sizes.Min(m => m.Length) / 1024.0:0.0}–{sizes.Max(m => m.Length) / 1024.0:0.0} KB (mean {sizes.Average(m => m.Length) / 1024.0:0.0} KB).");
        table.AppendLine();
        table.AppendLine("| benchmark | catalog | provider | result | ceiling | ratio | command |");
        table.AppendLine("|---|---|---|---:|---:|---:|---|");
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| digest fan-out, `digests send --now` end to end (start, plan, select, render, SMTP) | {catalog} | {provider} | {appRate:N0} messages/s ({Median(runs.Select(r => r.App.Seconds)):0.00} s) | {ceilingRate:N0} messages/s ({Median(runs.Select(r => r.Ceiling)):0.00} s) | {Median(ratios):0.00}× | `{command}` |");
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| the same run's send phase only (compose, claim, SMTP, mark sent) | {catalog} | {provider} | {sendRate:N0} messages/s ({Median(runs.Select(r => r.App.Send)):0.00} s) | {ceilingRate:N0} messages/s | {Median(sendRatios):0.00}× | same run |");
        table.AppendLine();
        table.AppendLine("| phase of the app's run (medians) | seconds |");
        table.AppendLine("|---|---:|");
        table.AppendLine(CultureInfo.InvariantCulture, $"| start-up and choosing: process start to the first delivery row written (host, database, subscribers, history, every subscriber's papers chosen on all cores) | {Median(runs.Select(r => r.App.Startup)):0.00} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| plan rows: first to last delivery row written (250 rows and their papers a transaction) | {Median(runs.Select(r => r.App.Plan)):0.00} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| send: last row planned to last row marked sent | {Median(runs.Select(r => r.App.Send)):0.00} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| exit: last row marked sent to the process's exit | {Median(runs.Select(r => r.App.Exit)):0.00} |");
        return table.ToString();
    }

    /// <summary>
    /// The recorded Hugging Face days (samples/hf-daily-papers), copied with their dates moved onto Monday to Friday of
    /// the last complete week, imported by the app's own <c>ingest huggingface --file</c>. The description of the catalog.
    /// </summary>
    private static async Task<string> ImportRecordedDaysAsync(RunOptions options, string work)
    {
        var samples = Directory.GetFiles(Path.Combine(Repository(), "samples", "hf-daily-papers"), "*.json").Order(StringComparer.Ordinal).ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - 7);
        var folder = Directory.CreateDirectory(Path.Combine(work, "days")).FullName;
        for (var i = 0; i < samples.Count; i++)
        {
            var day = monday.AddDays(i % 5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // Recent responses say each entry's day; older ones take it from the file name.
            var json = Regex.Replace(await File.ReadAllTextAsync(samples[i]), "(\"submittedOnDailyAt\":\\s*\")[0-9]{4}-[0-9]{2}-[0-9]{2}", m => m.Groups[1].Value + day);
            await File.WriteAllTextAsync(Path.Combine(folder, $"{day}.json"), json);
        }

        Console.WriteLine($"Importing the {samples.Count} recorded Hugging Face days as {monday:yyyy-MM-dd} to {monday.AddDays(4):yyyy-MM-dd} (the app's `ingest huggingface --file`)");
        var (code, output) = await RunToEndAsync(options, AppEnvironment(options, smtpPort: null), "ingest", "huggingface", "--file", folder);
        if (code != 0)
        {
            throw new InvalidOperationException($"`ingest huggingface` exited with {code}:\n{output}");
        }

        await using var db = Context(options);
        var papers = await db.Papers.CountAsync();
        return $"{samples.Count} recorded days ({papers:N0} papers)";
    }

    /// <summary>N confirmed subscribers, with preferences drawn from <see cref="Preferences"/>, replacing any others.</summary>
    private static async Task WriteSubscribersAsync(RunOptions options)
    {
        Console.WriteLine($"Writing {options.Subscribers:N0} confirmed subscribers (seed {options.Seed}), replacing the data directory's subscribers");
        await using var db = Context(options);
        await db.DeliveryPapers.ExecuteDeleteAsync();
        await db.Deliveries.ExecuteDeleteAsync();
        await db.Subscriptions.ExecuteDeleteAsync();
        var authors = (await db.Papers.AsNoTracking().OrderByDescending(p => p.Id).Take(500).Select(p => p.Authors).ToListAsync())
            .SelectMany(a => a.Take(2)).Distinct(StringComparer.Ordinal).ToList();
        var random = new Random(options.Seed);
        var at = DateTime.UtcNow.AddDays(-30);
        var paperIds = await db.Papers.Select(p => p.Id).ToListAsync();
        var personal = new List<Subscription>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 1; i <= options.Subscribers; i++)
        {
            var subscription = new Subscription
            {
                PublicId = SubscriptionTokens.NewPublicId(),
                Email = $"reader{i:D7}@bench.example.org",
                Status = SubscriptionStatus.Active,
                CreatedAt = at,
                ConfirmedAt = at,
                ConsentMethod = "DigestBench",
                Preferences = Preferences(random, authors),
            };
            if (random.Next(100) < options.ForYou)
            {
                subscription.Preferences.Ranking = DigestRanking.ForYou;
                personal.Add(subscription);
            }

            db.Subscriptions.Add(subscription);
            if (i % 2_000 == 0 || i == options.Subscribers)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        // The "For you" subscribers' libraries: 3-10 saved papers and one "not for me", drawn from the catalog.
        foreach (var (subscription, n) in personal.Select((s, n) => (s, n)))
        {
            var marked = paperIds.OrderBy(_ => random.Next()).Take(random.Next(3, 11) + 1).ToList();
            db.PaperMarks.AddRange(marked.Select((paperId, k) => new PaperMark { SubscriptionId = subscription.Id, PaperId = paperId, Kind = k == 0 ? MarkKind.NotForMe : MarkKind.Saved, MarkedAt = at }));
            if ((n + 1) % 2_000 == 0 || n + 1 == personal.Count)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
    }

    private static readonly string[] Zones =
        ["UTC", "Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Kolkata", "Asia/Shanghai", "Australia/Sydney", "Africa/Lagos", "Pacific/Auckland"];

    private static readonly string[] Interests =
        ["language model", "LLM", "diffusion", "video", "agent", "reasoning", "reinforcement learning", "benchmark", "3D", "multimodal", "vision", "retrieval", "image", "code", "speech", "RL", "transformer", "robot", "generation", "alignment"];

    private static readonly string[] Dislikes = ["survey", "medical", "speech", "robot", "3D", "video", "quantum"];

    /// <summary>A subscriber's preferences: mostly daily, in a dozen zones, half with keywords, some with a minimum of upvotes or followed authors.</summary>
    private static DigestPreferences Preferences(Random random, List<string> authors)
    {
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        var preferences = new DigestPreferences
        {
            Frequency = random.NextDouble() < 0.7 ? DigestFrequency.Daily : DigestFrequency.Weekly,
            SkipWeekends = random.NextDouble() < 0.2,
            WeeklyDay = (DayOfWeek)random.Next(7),
            DeliveryHour = random.Next(24),
            TimeZone = Pick(Zones),
            MaxPapers = Pick([3, 5, 10, 10, 10, 20]),
            MinUpvotes = Pick([0, 0, 0, 0, 5, 10, 20]),
        };
        if (random.NextDouble() < 0.5)
        {
            preferences.IncludeKeywords = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(Interests)).Distinct(StringComparer.Ordinal)];
        }

        if (random.NextDouble() < 0.2)
        {
            preferences.ExcludeKeywords = [Pick(Dislikes)];
        }

        if (authors.Count > 0 && random.NextDouble() < 0.1)
        {
            preferences.FollowedAuthors = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(authors)).Distinct(StringComparer.Ordinal)];
        }

        return preferences;
    }

    /// <summary>Every round starts from subscribers who have had nothing yet.</summary>
    private static async Task ForgetDeliveriesAsync(RunOptions options)
    {
        await using var db = Context(options);
        await db.DeliveryPapers.ExecuteDeleteAsync();
        await db.Deliveries.ExecuteDeleteAsync();
    }

    private static async Task<AppRun> RunAppAsync(RunOptions options, string folder)
    {
        await using var sink = await Sink.StartAsync(folder);
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var (code, output) = await RunToEndAsync(options, AppEnvironment(options, sink.Port), "digests", "send", "--now");
        var seconds = clock.Elapsed.TotalSeconds;
        if (code != 0)
        {
            Console.Error.WriteLine($"`digests send --now` exited with {code}:\n{output}");
        }

        await using var db = Context(options);
        var rows = await db.Deliveries.AsNoTracking().Select(d => new { d.Status, d.CreatedAt, d.ClaimedAt, d.SentAt }).ToListAsync();
        var planned = rows.Where(r => r.Status != DeliveryStatus.Skipped).ToList();
        var sentRows = rows.Where(r => r.Status == DeliveryStatus.Sent).ToList();
        var received = await sink.ReceivedAsync(sentRows.Count, TimeSpan.FromSeconds(10));
        if (rows.Count == 0 || sentRows.Count == 0)
        {
            return new AppRun(seconds, code == 0 ? 1 : code, planned.Count, 0, rows.Count - planned.Count, 0, 0, 0, 0, received);
        }

        static double Between(DateTime from, DateTime to) => (to - from).TotalSeconds;
        var firstPlanned = rows.Min(r => r.CreatedAt);
        var lastPlanned = rows.Max(r => r.CreatedAt);
        var lastSent = sentRows.Max(r => r.SentAt!.Value);
        return new AppRun(
            seconds, code, planned.Count, sentRows.Count, rows.Count - planned.Count,
            Between(started, firstPlanned), Between(firstPlanned, lastPlanned), Between(lastPlanned, lastSent), seconds - Between(started, lastSent),
            received);
    }

    /// <summary>Every subscriber with a digest row got it once, and nobody got a message without one.</summary>
    private static async Task<List<string>> CheckAsync(RunOptions options, AppRun run)
    {
        var problems = new List<string>();
        if (run.ExitCode != 0)
        {
            problems.Add($"`digests send --now` exited with {run.ExitCode}");
        }

        await using var db = Context(options);
        var due = (await db.Deliveries.AsNoTracking().Where(d => d.Status != DeliveryStatus.Skipped).Select(d => new { d.Status, d.Subscription.Email }).ToListAsync());
        var notSent = due.Where(d => d.Status != DeliveryStatus.Sent).ToList();
        if (notSent.Count > 0)
        {
            problems.Add($"{notSent.Count} digests were planned but not sent ({string.Join(", ", notSent.GroupBy(d => d.Status).Select(g => $"{g.Count()} {g.Key}"))})");
        }

        var expected = due.Select(d => d.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var counts = run.Received.Recipients.GroupBy(r => r, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var missing = expected.Count(e => !counts.ContainsKey(e));
        var twice = counts.Count(c => c.Value > 1);
        var unexpected = counts.Keys.Count(r => !expected.Contains(r));
        var total = await db.Subscriptions.CountAsync();
        var nothing = total - expected.Count;
        Console.WriteLine($"    checked: {expected.Count:N0} of {total:N0} subscribers had a digest, the sink got {run.Received.Recipients.Count:N0} messages: {missing} missing, {twice} twice, {unexpected} to someone without a digest; {nothing:N0} subscribers had nothing matching their filters (a skipped row each)");
        if (missing + twice + unexpected > 0)
        {
            problems.Add($"the sink's messages do not match the digests: {missing} missing, {twice} received more than once, {unexpected} to a subscriber without a digest");
        }

        if (run.Received.Recipients.Count != run.Received.Messages.Count)
        {
            problems.Add("a message had more or fewer than one recipient");
        }

        return problems;
    }

    /// <summary>The ceiling: MailKit over one connection made on our own socket with Nagle's algorithm off. Seconds, and what the sink got.</summary>
    private static async Task<(double Seconds, int Received)> CeilingAsync(List<MimeMessage> messages, string folder)
    {
        await using var sink = await Sink.StartAsync(folder);
        var clock = Stopwatch.StartNew();
        using (var client = new SmtpClient())
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, sink.Port);
            await client.ConnectAsync(socket, "127.0.0.1", sink.Port, SecureSocketOptions.None);
            foreach (var message in messages)
            {
                await client.SendAsync(message);
            }

            await client.DisconnectAsync(quit: true);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var received = await sink.ReceivedAsync(messages.Count, TimeSpan.FromSeconds(10));
        return (seconds, received.Messages.Count);
    }

    private static Dictionary<string, string> AppEnvironment(RunOptions options, int? smtpPort)
    {
        // As an operator runs the command (Production), with the recurring jobs and the upstream out of the way.
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["App__DataDirectory"] = Path.GetFullPath(options.Data),
            ["App__PublicBaseUrl"] = "https://paperfeed.example.org",
            ["Jobs__RunServer"] = "false",
            ["Sources__HuggingFace__Enabled"] = "false",
            ["Email__From"] = "PaperFeed <digest@paperfeed.example.org>",
        };
        if (smtpPort is { } port)
        {
            environment["Email__Smtp__Host"] = "127.0.0.1";
            environment["Email__Smtp__Port"] = port.ToString(CultureInfo.InvariantCulture);
            environment["Email__Smtp__Security"] = "None"; // a sink on this machine
        }

        if (options.Postgres is not null)
        {
            environment["Database__Provider"] = "Postgres";
            environment["ConnectionStrings__PaperFeed"] = options.Postgres;
            environment["App__SecretKey"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("digestbench-secret-key-of-32-by!"));
        }

        return environment;
    }

    /// <summary>The app's own DbContext on the benchmark's database.</summary>
    private static PaperFeedDbContext Context(RunOptions options) => options.Postgres is null
        ? new PaperFeedDbContext(new DbContextOptionsBuilder<PaperFeedDbContext>().UseSqlite($"Data Source={Path.Combine(Path.GetFullPath(options.Data), "paperfeed.db")}").Options)
        : new PostgresPaperFeedDbContext(new DbContextOptionsBuilder<PostgresPaperFeedDbContext>().UseNpgsql(options.Postgres).Options);

    private static async Task<(int Code, string Output)> RunToEndAsync(RunOptions options, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { options.App } };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public static string Repository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PaperFeed.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("PaperFeed.sln not found above " + AppContext.BaseDirectory);
    }

    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>Postfix's smtp-sink on a free port of 127.0.0.1, appending every message it takes to one dump file.</summary>
internal sealed class Sink : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dump;

    private Sink(Process process, string dump, int port)
    {
        _process = process;
        _dump = dump;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What the sink took: each message's recipients (one line each) and its bytes as the client sent them.</summary>
    public sealed record Received(List<string> Recipients, List<byte[]> Messages);

    public static async Task<Sink> StartAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        // As root, smtp-sink must drop to another user (-u), who then writes the dump.
        var root = !OperatingSystem.IsWindows() && Environment.UserName == "root";
        if (root && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
        }

        var dump = Path.Combine(folder, "dump");
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(Bench.Which("smtp-sink")!) { RedirectStandardOutput = true, RedirectStandardError = true };
            if (root)
            {
                start.ArgumentList.Add("-u");
                start.ArgumentList.Add("nobody");
            }

            foreach (var arg in new[] { "-D", dump, $"127.0.0.1:{port}", "256" })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(5) && !process.HasExited)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    // A connection that only opens and closes is no mail transaction: nothing is dumped.
                    return new Sink(process, dump, port);
                }
                catch (SocketException)
                {
                    await Task.Delay(20);
                }
            }

            var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "did not listen within 5 s";
            process.Kill();
            process.Dispose();
            if (attempt == 2)
            {
                throw new InvalidOperationException($"smtp-sink did not start: {error}");
            }
        }
    }

    /// <summary>The dump, once it holds <paramref name="expected"/> messages or has stopped growing.</summary>
    public async Task<Received> ReceivedAsync(int expected, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var last = -1L;
        while (true)
        {
            var received = Read();
            var length = File.Exists(_dump) ? new FileInfo(_dump).Length : 0;
            if (received.Messages.Count >= expected || clock.Elapsed > limit || (length == last && clock.Elapsed > TimeSpan.FromSeconds(1)))
            {
                return received;
            }

            last = length;
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Each dumped transaction: smtp-sink's own lines (X-Client-Addr first, X-Rcpt-Args per recipient) and its Received
    /// header, then the message as sent, then an empty line.
    /// </summary>
    private Received Read()
    {
        var recipients = new List<string>();
        var messages = new List<byte[]>();
        if (!File.Exists(_dump))
        {
            return new Received(recipients, messages);
        }

        var lines = File.ReadAllLines(_dump);
        var starts = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("X-Client-Addr: ", StringComparison.Ordinal) && (i == 0 || lines[i - 1].Length == 0)).ToList();
        for (var s = 0; s < starts.Count; s++)
        {
            var end = s + 1 < starts.Count ? starts[s + 1] - 1 : lines.Length - 1; // the empty line after each message
            var i = starts[s];
            for (; i < end && lines[i].StartsWith("X-", StringComparison.Ordinal); i++)
            {
                if (lines[i].StartsWith("X-Rcpt-Args: ", StringComparison.Ordinal))
                {
                    recipients.Add(lines[i]["X-Rcpt-Args: ".Length..].Trim().Trim('<', '>').Split(' ')[0].Trim('<', '>'));
                }
            }

            // smtp-sink's Received header and its folded lines.
            if (i < end && lines[i].StartsWith("Received: ", StringComparison.Ordinal))
            {
                for (i++; i < end && lines[i].StartsWith('\t'); i++)
                {
                }
            }

            var text = new StringBuilder();
            for (; i < end; i++)
            {
                text.Append(lines[i]).Append("\r\n");
            }

            messages.Add(Encoding.UTF8.GetBytes(text.ToString()));
        }

        return new Received(recipients, messages);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
