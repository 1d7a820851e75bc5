using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Jobs;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Infrastructure.Sources.HuggingFace;

namespace PaperFeed.Web.Jobs;

/// <summary>Hangfire storage, server and every recurring job, registered in one place with stable ids.</summary>
public static class JobRegistration
{
    public const string SendDigests = "send-digests";
    public const string FetchThumbnails = "fetch-thumbnails";

    /// <summary>Each enabled source has its own recurring job: <c>ingest-huggingface</c>, <c>ingest-arxiv-rss</c>, …</summary>
    public static string IngestJobId(string source) => $"ingest-{source}";

    /// <summary>Hangfire on the provider's storage; the processing server runs unless this is a web node (<c>--role web</c>) or <c>Jobs:RunServer</c> is false.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, DataPaths paths)
    {
        // The storage is this container's own instance rather than Hangfire's global JobStorage.Current, so that two
        // app instances in one process (the web tests) never share or swap their schedulers.
        services.AddSingleton<JobStorage>(_ => CreateStorage(paths));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (RunsServer(configuration))
        {
            services.AddHangfireServer((provider, options) =>
            {
                options.WorkerCount = Math.Max(2, Environment.ProcessorCount);
                // This container's activator, not Hangfire's global JobActivator.Current: with two app instances in
                // one process (the web tests), a job must never be built from the other instance's services.
                options.Activator = new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
            });
        }

        services.AddSingleton<JobSchedule>();
        return services;
    }

    /// <summary>
    /// Hangfire's own tables: on SQLite a file of their own, on PostgreSQL the schema <c>hangfire</c> of the catalog's
    /// database (or of <c>ConnectionStrings:Hangfire</c>), which every web and worker process shares: recurring jobs
    /// are scheduled once for all, and each queued job is fetched by one worker.
    /// </summary>
    private static JobStorage CreateStorage(DataPaths paths)
    {
        if (paths.Provider == DatabaseProvider.Postgres)
        {
            var options = new PostgreSqlStorageOptions
            {
                QueuePollInterval = TimeSpan.FromSeconds(1),
                // A long digest run keeps its job rather than being handed to another worker after 30 minutes.
                UseSlidingInvisibilityTimeout = true,
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(paths.JobStorage, options), options);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(paths.JobStorage))!);
        // A short poll interval so the first-start backfill begins within seconds; a query per second on SQLite is cheap.
        return new SQLiteStorage(paths.JobStorage, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
    }

    /// <summary>Registers (or removes) the recurring jobs, and queues the backfill when the catalog is empty.</summary>
    public static async Task ScheduleJobsAsync(this WebApplication app)
    {
        foreach (var moved in new[] { "Enabled", "Cron" })
        {
            // Before each arXiv source had its own schedule, these two keys scheduled the RSS announcements.
            if (app.Configuration[$"{ArxivOptions.Section}:{moved}"] is not null)
            {
                throw new ConfigurationError($"{ArxivOptions.Section}:{moved} is no longer read: set {ArxivOptions.Section}:Rss:{moved} (or :Listing:, :Api:) instead");
            }
        }

        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        Schedule<DigestJob>(jobs, SendDigests, job => job.SendDueAsync(CancellationToken.None), app.Services.GetRequiredService<IOptions<DigestOptions>>().Value.Cron, "Digests:Cron");

        await using var scope = app.Services.CreateAsyncScope();
        foreach (var source in scope.ServiceProvider.GetServices<IPaperSource>())
        {
            var name = source.Name;
            if (source.Schedule.Enabled)
            {
                Schedule<SourceJob>(jobs, IngestJobId(name), job => job.RunAsync(name, CancellationToken.None), source.Schedule.Cron, $"{source.Section}:Cron");
            }
            else
            {
                jobs.RemoveIfExists(IngestJobId(name));
            }
        }

        jobs.RemoveIfExists("ingest-arxiv-announcements"); // the arXiv job's id before each source had its own

        var huggingFace = app.Services.GetRequiredService<IOptions<HuggingFaceOptions>>().Value;
        if (!huggingFace.Enabled)
        {
            jobs.RemoveIfExists(FetchThumbnails); // thumbnails come from Hugging Face's lists
            return;
        }

        jobs.AddOrUpdate<ThumbnailJob>(
            FetchThumbnails,
            job => job.FetchAsync(CancellationToken.None),
            ThumbnailJob.DefaultCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

        if (RunsServer(app.Configuration) && !await scope.ServiceProvider.GetRequiredService<IngestionService>().HasAnyEntriesAsync(app.Lifetime.ApplicationStopping))
        {
            QueueBackfill(app, huggingFace.BackfillDays);
        }
    }

    /// <summary>Adds or updates a recurring job; a cron expression that does not parse stops the start, naming its setting.</summary>
    private static void Schedule<T>(IRecurringJobManager jobs, string id, System.Linq.Expressions.Expression<Func<T, Task>> job, string cron, string setting)
    {
        try
        {
            jobs.AddOrUpdate(id, job, cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ConfigurationError($"{setting} \"{cron}\" is not a cron expression (five fields, UTC: minute hour day month weekday, e.g. \"30 1 * * 1-5\")", e);
        }
    }

    /// <summary>Queues the first-start backfill, unless the one queued by an earlier start is still waiting or retrying.</summary>
    private static void QueueBackfill(WebApplication app, int days)
    {
        const string Key = "paperfeed:backfill";
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var previous = connection.GetAllEntriesFromHash(Key)?.GetValueOrDefault("job");
        var state = previous is null ? null : connection.GetJobData(previous)?.State;
        if (state is "Enqueued" or "Scheduled" or "Processing" or "Awaiting")
        {
            app.Logger.LogInformation("Empty catalog: the backfill job {JobId} from an earlier start is still {State}", previous, state);
            return;
        }

        var id = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<HuggingFaceIngestJob>(job => job.BackfillAsync(CancellationToken.None));
        connection.SetRangeInHash(Key, [new KeyValuePair<string, string>("job", id)]);
        app.Logger.LogInformation("Empty catalog: queued job {JobId} to ingest the last {Days} days from Hugging Face", id, days);
    }

    private static bool RunsServer(IConfiguration configuration) => ProcessRoles.RunsJobs(configuration);
}
