using Hangfire;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Infrastructure.Sources.HuggingFace;

namespace PaperFeed.Infrastructure.Jobs;

/// <summary>Hangfire job: the first-start backfill of Hugging Face's daily lists (the recurring run is <see cref="SourceJob"/>).</summary>
public sealed class HuggingFaceIngestJob(IngestionService ingestion, HuggingFaceSource source, TimeProvider clock, IOptions<HuggingFaceOptions> options)
{
    /// <summary>The last <see cref="HuggingFaceOptions.BackfillDays"/> days, queued on first start so a new instance has papers within seconds.</summary>
    [AutomaticRetry(Attempts = 3, LogEvents = false)] // IngestionService logs each failed day in one line
    [DisableConcurrentExecution(timeoutInSeconds: 10 * 60)]
    public async Task BackfillAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var days = Math.Max(1, options.Value.BackfillDays);
        (await ingestion.RunAsync(source, new SourceQuery.Days(today.AddDays(1 - days), today), progress: null, cancellationToken)).ThrowIfFailed();
    }
}
