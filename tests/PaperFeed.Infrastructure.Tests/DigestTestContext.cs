using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// One test's world for digests: the app's services on a fresh SQLite file, a real SMTP server, a fake clock.
/// Every test makes its own subscribers and papers.
/// </summary>
public sealed class DigestTestContext : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://papers.example.org";

    private DigestTestContext(TestHost host, TestSmtpServer smtp, FakeTimeProvider clock)
    {
        Host = host;
        Smtp = smtp;
        Clock = clock;
    }

    public TestHost Host { get; }

    public TestSmtpServer Smtp { get; }

    public FakeTimeProvider Clock { get; }

    public static async Task<DigestTestContext> StartAsync(DateTimeOffset now, int? smtpPort = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var smtp = TestSmtpServer.Start();
        var clock = new FakeTimeProvider(now);
        var values = new Dictionary<string, string?>
        {
            ["App:PublicBaseUrl"] = PublicBaseUrl,
            ["Email:From"] = "PaperFeed <digest@papers.example.org>",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = (smtpPort ?? smtp.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:Timeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var host = await TestHost.StartAsync(settings: values, clock: clock, services: services);
        return new DigestTestContext(host, smtp, clock);
    }

    /// <summary>Stores a recorded Hugging Face day, optionally moved to another date.</summary>
    public Task ImportAsync(string recordedDay, DateOnly? asDay = null, int take = int.MaxValue)
    {
        var entries = DailyPapersParser.Parse(Fixtures.Bytes($"hf-daily-papers/{recordedDay}.json"), DateOnly.Parse(recordedDay, System.Globalization.CultureInfo.InvariantCulture))
            .Entries.Take(take)
            .Select(e => asDay is { } day ? e with { Date = day } : e)
            .ToList();
        return StoreAsync(entries);
    }

    public Task StoreAsync(IReadOnlyList<FeaturedRecord> entries) =>
        Host.InScopeAsync(sp => sp.GetRequiredService<IngestionService>().StoreListingAsync(SourceNames.HuggingFace, new ParsedListing(entries, [])));

    /// <summary>A confirmed subscriber, as if they had gone through double opt-in.</summary>
    public Task<Subscription> SubscriberAsync(string email, Action<DigestPreferences>? configure = null) => Host.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<PaperFeedDbContext>();
        var subscription = Subscribers.Confirmed(email, Clock.GetUtcNow().UtcDateTime, configure);
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription;
    });

    public Task<DigestReport> RunAsync(bool now = false, bool dryRun = false) =>
        Host.InScopeAsync(sp => sp.GetRequiredService<DigestService>().RunAsync(new DigestRunOptions(now, dryRun), CancellationToken.None));

    public Task<T> QueryAsync<T>(Func<PaperFeedDbContext, Task<T>> query) => Host.QueryAsync(query);

    public Task<List<Delivery>> DeliveriesAsync(int subscriptionId) =>
        QueryAsync(db => db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId).OrderBy(d => d.Id).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
