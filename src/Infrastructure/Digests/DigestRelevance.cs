using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Library;
using PaperFeed.Core.Recommendations;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Digests;

/// <summary>
/// What the marks of a run's subscribers mean for their papers (<see cref="Relevance"/>), loaded once per run: every
/// mark in one query; and, only when someone asks for "for you" or "mixed" with enough saved papers, the texts of their
/// marked papers and a sample of the newest catalog papers (the negatives), in one term space per set of candidates
/// that every subscriber's model shares. Not thread-safe: one run, one instance.
/// </summary>
public sealed class DigestRelevance
{
    /// <summary>How many of the newest papers the sampled negatives are drawn from.</summary>
    public const int PoolSize = 500;

    /// <summary>Sampled negatives per saved paper (at least <see cref="MinNegatives"/>), beside the "not for me" ones.</summary>
    public const int NegativesPerSaved = 3;

    public const int MinNegatives = 20;

    private readonly ILookup<int, (int PaperId, MarkKind Kind)> marks;
    private readonly Dictionary<int, DigestCandidate> marked;
    private readonly IReadOnlyList<DigestCandidate> pool;
    private readonly Dictionary<IReadOnlyList<DigestCandidate>, TermSpace> spaces = new(ReferenceEqualityComparer.Instance);
    private TermSpace? fixedSpace;

    private DigestRelevance(ILookup<int, (int, MarkKind)> marks, Dictionary<int, DigestCandidate> marked, IReadOnlyList<DigestCandidate> pool)
    {
        this.marks = marks;
        this.marked = marked;
        this.pool = pool;
    }

    /// <param name="shared">
    /// A pool and the term space made from it and the candidates, made earlier for these very candidates (the private
    /// feeds share one per catalog version, <see cref="FeedTermSpace"/>); null to make them here.
    /// </param>
    public static async Task<DigestRelevance> LoadAsync(
        PaperFeedDbContext db, IReadOnlyCollection<Subscription> subscriptions, CancellationToken cancellationToken, Func<Task<(IReadOnlyList<DigestCandidate> Pool, TermSpace Space)>>? shared = null)
    {
        var ids = subscriptions.Select(s => s.Id).ToList();
        var rows = await db.PaperMarks.AsNoTracking().Where(m => ids.Contains(m.SubscriptionId))
            .Select(m => new { m.SubscriptionId, m.PaperId, m.Kind }).ToListAsync(cancellationToken);
        var marks = rows.ToLookup(m => m.SubscriptionId, m => (m.PaperId, m.Kind));
        var personal = subscriptions
            .Where(s => s.Preferences.Ranking != DigestRanking.Top && marks[s.Id].Count(m => m.Kind == MarkKind.Saved) >= InterestModel.MinSaved)
            .Select(s => s.Id).ToHashSet();
        if (personal.Count == 0)
        {
            return new DigestRelevance(marks, [], []);
        }

        var paperIds = rows.Where(m => personal.Contains(m.SubscriptionId)).Select(m => m.PaperId).Distinct().ToList();
        var texts = await Candidates(db.Papers.Where(p => paperIds.Contains(p.Id))).ToListAsync(cancellationToken);
        if (shared is not null)
        {
            var (sharedPool, space) = await shared();
            return new DigestRelevance(marks, texts.ToDictionary(p => p.PaperId), sharedPool) { fixedSpace = space };
        }

        return new DigestRelevance(marks, texts.ToDictionary(p => p.PaperId), await PoolAsync(db, cancellationToken));
    }

    /// <summary>The newest <see cref="PoolSize"/> papers of the catalog, which negatives are sampled from.</summary>
    public static async Task<IReadOnlyList<DigestCandidate>> PoolAsync(PaperFeedDbContext db, CancellationToken cancellationToken) =>
        await Candidates(db.Papers.OrderByDescending(p => p.Id).Take(PoolSize)).ToListAsync(cancellationToken);

    /// <summary>
    /// The relevance of <paramref name="subscription"/>'s marks for choosing among <paramref name="candidates"/>
    /// (the same list instance for one edition, so that its term space is made once).
    /// </summary>
    public Relevance For(Subscription subscription, IReadOnlyList<DigestCandidate> candidates)
    {
        var own = marks[subscription.Id].ToList();
        var markedIds = own.Select(m => m.PaperId).ToHashSet();
        var saved = own.Where(m => m.Kind == MarkKind.Saved && marked.ContainsKey(m.PaperId)).Select(m => marked[m.PaperId]).ToList();
        if (subscription.Preferences.Ranking == DigestRanking.Top || saved.Count < InterestModel.MinSaved)
        {
            return new Relevance(markedIds, null);
        }

        var space = fixedSpace;
        if (space is null && !spaces.TryGetValue(candidates, out space))
        {
            // The edition and the pool make the terms and their weights (a bounded set, however many subscribers
            // marked how many papers); a marked paper's vector is made in it on first use.
            space = TermSpace.Build([.. candidates, .. pool]);
            spaces[candidates] = space;
        }

        // A candidate of this edition as a negative would learn to rank it down: the pool's other papers first, and
        // candidates only to fill up when the catalog has few others (as arxiv-sanity's exemplar SVM takes every paper).
        var count = Math.Max(MinNegatives, NegativesPerSaved * saved.Count);
        var candidateIds = candidates.Select(c => c.PaperId).ToHashSet();
        var sampled = InterestModel.SampleNegatives(pool, markedIds.Concat(candidateIds).ToHashSet(), count, subscription.Id);
        if (sampled.Count < count)
        {
            sampled = [.. sampled, .. InterestModel.SampleNegatives(candidates.Where(c => !markedIds.Contains(c.PaperId)), new HashSet<int>(), count - sampled.Count, subscription.Id)];
        }

        var notForMe = own.Where(m => m.Kind == MarkKind.NotForMe && marked.ContainsKey(m.PaperId)).Select(m => marked[m.PaperId]);
        return new Relevance(markedIds, InterestModel.Train(space, saved, [.. notForMe, .. sampled]));
    }

    private static IQueryable<DigestCandidate> Candidates(IQueryable<Core.Papers.Paper> papers) =>
        papers.AsNoTracking().Select(p => new DigestCandidate(p.Id, p.ArxivId, p.Title, p.Abstract, p.Keywords, 0));
}
