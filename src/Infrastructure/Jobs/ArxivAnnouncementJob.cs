using Hangfire;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources.Arxiv;

namespace PaperFeed.Infrastructure.Jobs;

/// <summary>Hangfire job: ingests the day's arXiv announcement of each configured category. One failing category never blocks the others.</summary>
public sealed class ArxivAnnouncementJob(IngestionService ingestion, ArxivRssSource source, IOptions<ArxivOptions> options)
{
    [AutomaticRetry(Attempts = 3, LogEvents = false)] // IngestionService logs each failure in one line
    [DisableConcurrentExecution(timeoutInSeconds: 10 * 60)]
    public async Task IngestAsync(CancellationToken cancellationToken)
    {
        var failures = new List<SourceException>();
        foreach (var category in options.Value.Categories)
        {
            try
            {
                await ingestion.IngestArxivAnnouncementAsync(source, category, cancellationToken);
            }
            catch (SourceException e)
            {
                failures.Add(e);
            }
        }

        new RangeResult([], failures).ThrowIfFailed();
    }
}
