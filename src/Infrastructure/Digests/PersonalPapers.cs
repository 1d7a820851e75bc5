using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>
/// A subscriber's private feed: the papers of the last two weeks by authors they follow, then those their digest would
/// choose (top by upvotes through their filters, "for you", or both), best first; never one they marked.
/// </summary>
public sealed class PersonalPapers(PaperFeedDbContext db, FeedTermSpace shared, TimeProvider clock)
{
    private const int MaxPapers = 50;

    /// <summary>How many of the two weeks' best papers the filters look at.</summary>
    private const int Considered = 1000;

    public async Task<IReadOnlyList<RankedPaper>> ForAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var recent = await shared.GetAsync(today, async () =>
        {
            var ranked = await db.Ranked(ListKey.HuggingFace, new Period(PeriodKind.Day, today.AddDays(-14), today))
                .OrderBy(ListSort.Upvotes).Take(Considered).AsNoTracking().ToListAsync(cancellationToken);
            var candidates = ranked.Select(r => new DigestCandidate(r.Paper.Id, r.Paper.ArxivId, r.Paper.Title, r.Paper.Abstract, r.Paper.Keywords, r.Upvotes) { Authors = r.Paper.Authors }).ToList();
            return (ranked, candidates, await DigestRelevance.PoolAsync(db, cancellationToken));
        }, cancellationToken);
        var preferences = subscription.Preferences;
        // The subscriber's filters and ranking only: unlike a digest, the feed shows papers again that digests have sent.
        var filter = new DigestPreferences
        {
            MinUpvotes = preferences.MinUpvotes, IncludeKeywords = preferences.IncludeKeywords, ExcludeKeywords = preferences.ExcludeKeywords,
            FollowedAuthors = preferences.FollowedAuthors, Ranking = preferences.Ranking, MaxPapers = MaxPapers,
        };
        var relevance = (await DigestRelevance.LoadAsync(db, [subscription], cancellationToken, () => Task.FromResult((recent.Pool, recent.Space)))).For(subscription, recent.Candidates);
        var chosen = DigestSelector.Select(recent.Candidates, filter, new HashSet<int>(), relevance).Papers.Select((c, i) => (c.PaperId, i)).ToDictionary(x => x.PaperId, x => x.i);
        return [.. recent.Recent.Where(r => chosen.ContainsKey(r.Paper.Id)).OrderBy(r => chosen[r.Paper.Id])];
    }
}
