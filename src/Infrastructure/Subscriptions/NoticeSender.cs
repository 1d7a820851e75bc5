using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>
/// Sends due subscription notices in the background of every web and worker process: at once when this process took
/// the request (<see cref="NoticeSignal"/>), and every <see cref="PollInterval"/> for requests another process took
/// and for retries; and once an hour deletes never-confirmed requests past their retention, and the messages in the
/// pickup folder past theirs or to addresses no subscription has any more (whichever transport is in use now: files
/// written before still hold links).
/// </summary>
public sealed class NoticeSender(IServiceScopeFactory scopes, NoticeSignal signal, ILogger<NoticeSender> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often never-confirmed requests (<see cref="SubscriptionService.PurgeUnconfirmedAsync"/>) and old pickup files
    /// (<see cref="SubscriptionService.CleanPickupFolderAsync"/>) are looked for.
    /// </summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var purged = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SubscriptionNotices>().SendDueAsync(stoppingToken);
                if (DateTime.UtcNow - purged > PurgeInterval)
                {
                    await scope.ServiceProvider.GetRequiredService<SubscriptionService>().PurgeUnconfirmedAsync(stoppingToken);
                    await scope.ServiceProvider.GetRequiredService<SubscriptionService>().CleanPickupFolderAsync(stoppingToken);
                    purged = DateTime.UtcNow;
                }

                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database that is away for a moment: the notices stay due, the next pass sends them.
                logger.LogError(e, "Sending subscription notices failed; trying again in {Seconds} s", PollInterval.TotalSeconds);
                try
                {
                    await Task.Delay(PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
