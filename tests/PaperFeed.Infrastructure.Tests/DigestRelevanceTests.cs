using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Library;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

public sealed class DigestRelevanceTests
{
    [Fact]
    public void Choosing_for_many_subscribers_at_once_gives_each_what_they_get_alone()
    {
        // The recorded arXiv feed: two editions of 50 papers, the 500 newest of the rest as the pool, and 400
        // subscribers with every ranking, each with their own saved and "not for me" papers (or none).
        using var stream = File.OpenRead(Fixtures.Path("arxiv-rss/2024-11-28_all-archives.rss.xml"));
        var entries = ArxivRssParser.Parse(stream).Entries.DistinctBy(e => e.Paper.ArxivId).ToList();
        var random = new Random(5);
        var papers = entries.Select((e, i) => new DigestCandidate(i + 1, e.Paper.ArxivId, e.Paper.Title, e.Paper.Abstract, [], random.Next(100))).ToList();
        IReadOnlyList<DigestCandidate>[] editions = [papers[..50], papers[50..100]];
        var pool = papers[100..].OrderByDescending(p => p.PaperId).Take(DigestRelevance.PoolSize).ToList();
        var rankings = Enum.GetValues<DigestRanking>();
        var marks = new List<(int SubscriptionId, int PaperId, MarkKind Kind)>();
        var work = new List<(Subscription, IReadOnlyList<DigestCandidate>, IReadOnlySet<int>)>();
        for (var id = 1; id <= 400; id++)
        {
            var subscription = new Subscription
            {
                Id = id, PublicId = $"p{id}", Email = $"s{id}@example.test",
                Preferences = new DigestPreferences { Ranking = rankings[id % rankings.Length], MaxPapers = 1 + id % 12 },
            };
            var topic = random.Next(papers.Count - 100);
            marks.AddRange(Enumerable.Range(0, id % 9).Select(k => (id, papers[100 + (topic + 7 * k) % (papers.Count - 100)].PaperId, MarkKind.Saved)));
            marks.Add((id, papers[random.Next(papers.Count)].PaperId, MarkKind.NotForMe));
            IReadOnlySet<int> sent = papers.Take(100).Where(_ => random.Next(10) == 0).Select(p => p.PaperId).ToHashSet();
            work.Add((subscription, editions[id % 2], sent));
        }

        var marked = papers.Where(p => marks.Any(m => m.PaperId == p.PaperId)).ToList();

        var together = DigestRelevance.Of(marks, marked, pool).SelectAll(work, CancellationToken.None);

        var alone = DigestRelevance.Of(marks, marked, pool);
        for (var i = 0; i < work.Count; i++)
        {
            var (subscription, candidates, sent) = work[i];
            var expected = DigestSelector.Select(candidates, subscription.Preferences, sent, alone.For(subscription, candidates));
            Assert.Equal(Describe(expected.Papers), Describe(together[i].Papers));
            Assert.Equal(expected.WhyEmpty, together[i].WhyEmpty);
        }

        // Not a trivial agreement: many chose "for you" papers with their reasons, from both editions.
        var forYou = together.SelectMany((c, i) => c.Papers.Where(p => p.Section == DigestSection.ForYou).Select(p => (Edition: i % 2, p.Reason))).ToList();
        Assert.True(forYou.Count > 500, $"{forYou.Count} papers picked for you");
        Assert.All(forYou, p => Assert.False(string.IsNullOrEmpty(p.Reason)));
        Assert.Equal(2, forYou.Select(p => p.Edition).Distinct().Count());
    }

    private static List<string> Describe(IReadOnlyList<DigestPick> picks) =>
        [.. picks.Select(p => $"{p.PaperId} {p.Section} {p.Reason}")];
}
