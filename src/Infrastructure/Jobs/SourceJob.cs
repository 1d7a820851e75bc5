using System.ComponentModel;
using Hangfire;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Infrastructure.Jobs;

/// <summary>Hangfire job: one scheduled run of one source. A failed run (some unit failed) is retried by Hangfire.</summary>
public sealed class SourceJob(IEnumerable<IPaperSource> sources, IngestionService ingestion)
{
    [DisplayName("Ingest {0}")]
    [AutomaticRetry(Attempts = 3, LogEvents = false)] // IngestionService logs each failure in one line
    [DisableConcurrentExecution("ingest:{0}", 60)] // per source: a slow source never holds up another, and a duplicate run gives up soon (and is retried)
    public async Task RunAsync(string source, CancellationToken cancellationToken)
    {
        var named = sources.FirstOrDefault(s => s.Name == source) ?? throw new InvalidOperationException($"no source is named '{source}'");
        (await ingestion.RunAsync(named, SourceQuery.Scheduled, progress: null, cancellationToken)).ThrowIfFailed();
    }
}
