using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// For tests that run <c>digests send</c> as processes: a data directory with the recorded day 2026-08-21 ingested by
/// the command, as an operator would, confirmed readers reader1…readerN@example.org due for it, and the SMTP server
/// their digests go to.
/// </summary>
internal sealed class DueReaders : IAsyncDisposable
{
    private DueReaders()
    {
    }

    public string Data { get; } = TestHost.NewDataDirectory();

    public TestSmtpServer Smtp { get; } = TestSmtpServer.Start();

    public static async Task<DueReaders> PrepareAsync(int readers)
    {
        var prepared = new DueReaders();
        var import = await AppProcess.RunAsync(prepared.Data, new Dictionary<string, string>(), "ingest", "huggingface", "--file", Fixtures.HuggingFaceDay("2026-08-21"));
        Assert.True(import.ExitCode == 0, import.Stderr);
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["App:DataDirectory"] = prepared.Data });
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PaperFeedDbContext>();
            for (var i = 1; i <= readers; i++)
            {
                db.Subscriptions.Add(Subscribers.Confirmed($"reader{i}@example.org", DateTime.UtcNow, p => (p.TimeZone, p.MaxPapers) = ("UTC", 2)));
            }

            await db.SaveChangesAsync();
        });
        return prepared;
    }

    /// <summary>The environment of a <c>digests send</c> process that mails <see cref="Smtp"/>.</summary>
    public Dictionary<string, string> SendingEnvironment()
    {
        var environment = AppProcess.SmtpRelay(Smtp.Port);
        environment["Digests__MaxEditionAgeDays"] = "100000"; // the recorded day is older than a week on the real clock
        environment["Email__UsePickupFolder"] = "false";
        return environment;
    }

    /// <summary>A size of a soak run, from the environment variable <paramref name="name"/> when set (docs/RELIABILITY.md), else <paramref name="fallback"/>.</summary>
    public static int Soak(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    public async ValueTask DisposeAsync()
    {
        await Smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Data, recursive: true);
    }
}
