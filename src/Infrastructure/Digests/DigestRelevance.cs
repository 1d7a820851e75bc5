using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
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
/// that every subscriber's model shares. One run, one instance, used from any number of threads.
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
    private readonly ConcurrentDictionary<IReadOnlyList<DigestCandidate>, Lazy<EditionTerms>> editions = new(ReferenceEqualityComparer.Instance);
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
            return Of(rows.Select(m => (m.SubscriptionId, m.PaperId, m.Kind)), texts, sharedPool, space);
        }

        return Of(rows.Select(m => (m.SubscriptionId, m.PaperId, m.Kind)), texts, await PoolAsync(db, cancellationToken));
    }

    /// <summary>
    /// The relevance of <paramref name="marks"/>, given the texts of the <paramref name="markedPapers"/> whose
    /// subscribers may have a model, and the <paramref name="pool"/> of negatives (and <paramref name="space"/>, made
    /// from the pool and one set of candidates, or null to make one per set of candidates).
    /// </summary>
    public static DigestRelevance Of(
        IEnumerable<(int SubscriptionId, int PaperId, MarkKind Kind)> marks, IEnumerable<DigestCandidate> markedPapers, IReadOnlyList<DigestCandidate> pool, TermSpace? space = null) =>
        new(marks.ToLookup(m => m.SubscriptionId, m => (m.PaperId, m.Kind)), markedPapers.DistinctBy(p => p.PaperId).ToDictionary(p => p.PaperId), pool) { fixedSpace = space };

    /// <summary>The newest <see cref="PoolSize"/> papers of the catalog, which negatives are sampled from.</summary>
    public static async Task<IReadOnlyList<DigestCandidate>> PoolAsync(PaperFeedDbContext db, CancellationToken cancellationToken) =>
        await Candidates(db.Papers.OrderByDescending(p => p.Id).Take(PoolSize)).ToListAsync(cancellationToken);

    /// <summary>
    /// The relevance of <paramref name="subscription"/>'s marks for choosing among <paramref name="candidates"/>
    /// (the same list instance for one edition, so that its term space is made once). Safe on many threads at once.
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

        var edition = editions.GetOrAdd(candidates, c => new Lazy<EditionTerms>(() => MakeEdition(c))).Value;

        // A candidate of this edition as a negative would learn to rank it down: the pool's other papers first, and
        // candidates only to fill up when the catalog has few others (as arxiv-sanity's exemplar SVM takes every paper).
        var count = Math.Max(MinNegatives, NegativesPerSaved * saved.Count);
        var sampled = InterestModel.SampleNegatives(edition.Pool, markedIds, count, subscription.Id);
        if (sampled.Count < count)
        {
            sampled = [.. sampled, .. InterestModel.SampleNegatives(candidates.Where(c => !markedIds.Contains(c.PaperId)), new HashSet<int>(), count - sampled.Count, subscription.Id)];
        }

        var notForMe = own.Where(m => m.Kind == MarkKind.NotForMe && marked.ContainsKey(m.PaperId)).Select(m => marked[m.PaperId]);
        return new Relevance(markedIds, InterestModel.Train(edition.Space, saved, [.. notForMe, .. sampled]));
    }

    /// <summary>
    /// Chooses the papers of every (subscriber, candidates, papers sent to them before) in <paramref name="work"/> with
    /// <see cref="DigestSelector"/>, on every core: training and scoring "for you" models is the CPU work of a digest
    /// run's plan, and one subscriber's choice needs nothing of another's. The answers are in the order of the work.
    /// </summary>
    public (IReadOnlyList<DigestPick> Papers, string? WhyEmpty)[] SelectAll(
        IReadOnlyList<(Subscription Subscription, IReadOnlyList<DigestCandidate> Candidates, IReadOnlySet<int> AlreadySent)> work, CancellationToken cancellationToken)
    {
        var chosen = new (IReadOnlyList<DigestPick>, string?)[work.Count];
        try
        {
            Parallel.For(0, work.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var (subscription, candidates, alreadySent) = work[i];
                chosen[i] = DigestSelector.Select(candidates, subscription.Preferences, alreadySent, For(subscription, candidates));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // As the loop on one thread would have failed: with the error itself, not a wrapper.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return chosen;
    }

    // The edition and the pool make the terms and their weights (a bounded set, however many subscribers marked how
    // many papers); a marked paper's vector is made in it on first use. The pool without the edition's candidates is
    // what negatives are sampled from, in the order of the ids, as SampleNegatives draws them.
    private EditionTerms MakeEdition(IReadOnlyList<DigestCandidate> candidates)
    {
        var candidateIds = candidates.Select(c => c.PaperId).ToHashSet();
        return new EditionTerms(
            fixedSpace ?? TermSpace.Build([.. candidates, .. pool]),
            [.. pool.Where(p => !candidateIds.Contains(p.PaperId)).OrderBy(p => p.PaperId)]);
    }

    private sealed record EditionTerms(TermSpace Space, IReadOnlyList<DigestCandidate> Pool);

    private static IQueryable<DigestCandidate> Candidates(IQueryable<Core.Papers.Paper> papers) =>
        papers.AsNoTracking().Select(p => new DigestCandidate(p.Id, p.ArxivId, p.Title, p.Abstract, p.Keywords, 0));
}
