namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>Wakes this process's notice sender when a subscribe request has asked for a notice (others find it by polling).</summary>
public sealed class NoticeSignal
{
    private readonly SemaphoreSlim _due = new(0, 1);

    public void Wake()
    {
        try
        {
            _due.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one pass sends everything that is due.
        }
    }

    /// <summary>Waits until woken or <paramref name="timeout"/> passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _due.WaitAsync(timeout, cancellationToken);
}
