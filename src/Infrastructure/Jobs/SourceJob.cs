using System.ComponentModel;
using Hangfire;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources;

namespace PaperFeed.Infrastructure.Jobs;

/// <summary>Hangfire job: one scheduled run of one source. A failed run (some list failed) is retried by Hangfire.</summary>
public sealed class SourceJob(IEnumerable<IScheduledSource> sources, IngestionService ingestion)
{
    [DisplayName("Ingest {0}")]
    [AutomaticRetry(Attempts = 3, LogEvents = false)] // IngestionService logs each failure in one line
    [DisableConcurrentExecution("ingest:{0}", 60)] // per source: a slow source never holds up another, and a duplicate run gives up soon (and is retried)
    public Task RunAsync(string source, CancellationToken cancellationToken) =>
        (sources.FirstOrDefault(s => s.Name == source) ?? throw new InvalidOperationException($"no source is named '{source}'"))
            .RunAsync(ingestion, cancellationToken);
}
