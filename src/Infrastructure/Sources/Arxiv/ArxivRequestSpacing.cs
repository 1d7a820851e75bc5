using Microsoft.Extensions.Options;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// arXiv's API etiquette: one request at a time, at least <see cref="ArxivOptions.RequestDelay"/> apart, for every API
/// request of this app, whichever job or source makes it. A singleton of the app's container: an operator command in
/// its own process keeps its own spacing, and two app instances in one test process do not skew each other's.
/// </summary>
public sealed class ArxivRequestSpacing(IOptions<ArxivOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>Runs <paramref name="request"/> once the previous one is <see cref="ArxivOptions.RequestDelay"/> old.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> request, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            // Never more than the spacing itself, even if the clock went back since the last request.
            var delay = options.Value.RequestDelay;
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

    public void Dispose() => _oneAtATime.Dispose();
}
