using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace PaperFeed.Infrastructure;

/// <summary>
/// A meeting point for the tests that prove what happens when processes race: inert unless <c>Testing:Rendezvous</c>
/// names a folder (never set in a deployment). At a named point a process writes <c>{folder}/{point}.{pid}</c> and
/// waits until <c>{folder}/{point}.go</c> exists, so a test can hold several processes at the same step and let them
/// go at once: the race it wants is then certain instead of likely. A process left waiting for a minute throws.
/// </summary>
public sealed class Rendezvous(IConfiguration configuration, ILogger<Rendezvous> logger)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);
    private readonly string? _folder = configuration["Testing:Rendezvous"];

    /// <summary>Before planned digests are written: each due subscriber and what they had is read.</summary>
    public const string DigestsPlanned = "digests-planned";

    /// <summary>Before the first delivery is claimed: the claimable deliveries are read.</summary>
    public const string DigestsClaimable = "digests-claimable";

    /// <summary>Inside a day's transaction: its rows are written and not yet committed.</summary>
    public const string DayWritten = "day-written";

    public async Task ReachAsync(string point, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_folder))
        {
            return;
        }

        logger.LogWarning("Testing:Rendezvous is set: waiting at {Point} in {Folder}", point, _folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, $"{point}.{Environment.ProcessId}"), "", cancellationToken);
        var go = Path.Combine(_folder, $"{point}.go");
        var waited = TimeSpan.Zero;
        while (!File.Exists(go))
        {
            if (waited > MaxWait)
            {
                throw new TimeoutException($"Testing:Rendezvous: nobody let {point} go within {MaxWait.TotalSeconds:0} s");
            }

            await Task.Delay(50, cancellationToken);
            waited += TimeSpan.FromMilliseconds(50);
        }
    }
}
