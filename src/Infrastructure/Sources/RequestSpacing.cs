namespace PaperFeed.Infrastructure.Sources;

/// <summary>
/// Politeness towards an upstream: one request at a time through this instance, each at least <c>delay</c> after the
/// one before (never longer than the delay itself, even if the clock went back).
/// </summary>
public class RequestSpacing(TimeSpan delay, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>Runs <paramref name="request"/> once the previous one is old enough.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> request, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var wait = _last + delay - clock.GetUtcNow();
            wait = wait > delay ? delay : wait;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }

            _last = clock.GetUtcNow();
            return await request();
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose()
    {
        _oneAtATime.Dispose();
        GC.SuppressFinalize(this);
    }
}
