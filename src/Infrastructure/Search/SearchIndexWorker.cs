using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// Keeps the search index current while the app runs: builds it on first start (or after it was lost), then applies
/// the catalog's change log every few seconds, including changes that operator commands made from other processes,
/// and forgets log entries a week after they were applied.
/// </summary>
public sealed class SearchIndexWorker(SearchIndex index, TimeProvider clock, ILogger<SearchIndexWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan KeepLog = TimeSpan.FromDays(7);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up the start of the app
        var pruned = DateTimeOffset.MinValue;
        var wait = Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await index.UpdateAsync(null, stoppingToken);
                wait = Interval;
                if (clock.GetUtcNow() - pruned > TimeSpan.FromHours(1))
                {
                    await index.PruneAsync(KeepLog, clock.GetUtcNow(), stoppingToken);
                    pruned = clock.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Twice as long after each failure in a row (a full disk, a broken row), up to five minutes.
                wait = wait * 2 > MaxBackoff ? MaxBackoff : wait * 2;
                logger.LogError(e, "Updating the search index failed; trying again in {Wait}", wait);
            }

            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
