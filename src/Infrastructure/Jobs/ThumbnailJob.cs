using Hangfire;
using PaperFeed.Infrastructure.Thumbnails;

namespace PaperFeed.Infrastructure.Jobs;

/// <summary>Hangfire job: copies new papers' thumbnails to the data directory.</summary>
public sealed class ThumbnailJob(ThumbnailCache cache)
{
    /// <summary>Every 30 minutes, a little after ingestion.</summary>
    public const string DefaultCron = "5,35 * * * *";

    [AutomaticRetry(Attempts = 0)] // the next run picks up whatever this one missed
    [DisableConcurrentExecution(timeoutInSeconds: 10 * 60)]
    public Task FetchAsync(CancellationToken cancellationToken) => cache.FetchMissingAsync(200, cancellationToken);
}
