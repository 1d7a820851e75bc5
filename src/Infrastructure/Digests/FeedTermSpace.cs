using PaperFeed.Core.Recommendations;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>
/// The private feeds' candidates (two weeks of the daily list), sampling pool and term space, made once per catalog
/// version and day and shared by every subscriber's feed: made per request, the term space alone cost about half a
/// second of CPU, and feed readers poll.
/// </summary>
public sealed class FeedTermSpace(CatalogVersion version)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Shared? current;

    /// <summary>What the private feeds share now, made by <paramref name="load"/> when the catalog or the day changed.</summary>
    public async Task<Shared> GetAsync(DateOnly today, Func<Task<(IReadOnlyList<RankedPaper> Recent, IReadOnlyList<DigestCandidate> Candidates, IReadOnlyList<DigestCandidate> Pool)>> load, CancellationToken cancellationToken)
    {
        var now = await version.CurrentAsync();
        if (current is { } known && known.Version == now && known.Day == today)
        {
            return known;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } again && again.Version == now && again.Day == today)
            {
                return again;
            }

            var (recent, candidates, pool) = await load();
            current = new Shared(now, today, recent, candidates, pool, TermSpace.Build([.. candidates, .. pool]));
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>One catalog version's two weeks of papers, as ranked and as candidates, the pool, and their term space.</summary>
    public sealed record Shared(long Version, DateOnly Day, IReadOnlyList<RankedPaper> Recent, IReadOnlyList<DigestCandidate> Candidates, IReadOnlyList<DigestCandidate> Pool, TermSpace Space);
}
