using Hangfire;
using PaperFeed.Infrastructure.Digests;

namespace PaperFeed.Infrastructure.Jobs;

/// <summary>Hangfire job: sends the digests that are due. Retries of single messages are the deliveries' own (with backoff).</summary>
public sealed class DigestJob(DigestService digests)
{
    // A failed run (database unavailable) is simply retried: deliveries are planned and claimed idempotently.
    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 10 * 60)]
    public Task SendDueAsync(CancellationToken cancellationToken) => digests.RunAsync(new DigestRunOptions(), cancellationToken);
}
