using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>
/// A subscriber's private feed: the papers of the last two weeks by authors they follow, then those that pass their
/// digest filters, best first.
/// </summary>
public sealed class PersonalPapers(PaperFeedDbContext db, TimeProvider clock)
{
    private const int MaxPapers = 50;

    /// <summary>How many of the two weeks' best papers the filters look at.</summary>
    private const int Considered = 1000;

    public async Task<IReadOnlyList<RankedPaper>> ForAsync(DigestPreferences preferences, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var recent = await db.Ranked(ListKey.HuggingFace, new Period(PeriodKind.Day, today.AddDays(-14), today))
            .OrderBy(ListSort.Upvotes).Take(Considered).AsNoTracking().ToListAsync(cancellationToken);
        var candidates = recent.Select(r => new DigestCandidate(r.Paper.Id, r.Paper.ArxivId, r.Paper.Title, r.Paper.Abstract, r.Paper.Keywords, r.Upvotes) { Authors = r.Paper.Authors }).ToList();
        // The subscriber's filters only: unlike a digest, the feed shows papers again that digests have sent.
        var filter = new DigestPreferences { MinUpvotes = preferences.MinUpvotes, IncludeKeywords = preferences.IncludeKeywords, ExcludeKeywords = preferences.ExcludeKeywords, FollowedAuthors = preferences.FollowedAuthors, MaxPapers = MaxPapers };
        var chosen = DigestSelector.Select(candidates, filter, new HashSet<int>()).Papers.Select((c, i) => (c.PaperId, i)).ToDictionary(x => x.PaperId, x => x.i);
        return [.. recent.Where(r => chosen.ContainsKey(r.Paper.Id)).OrderBy(r => chosen[r.Paper.Id])];
    }
}
