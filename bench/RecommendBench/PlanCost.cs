using System.Diagnostics;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Library;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Digests;

namespace PaperFeed.Bench;

/// <summary>
/// What "for you" costs a digest run: N simulated subscribers, each with 3-10 saved papers of one primary category of
/// the recorded arXiv feed and one paper marked "not for me", choose their papers from one edition of 50 (a Hugging
/// Face day) with the app's own code, as DigestPlanning does it (DigestRelevance: the term space, the sampled
/// negatives, each subscriber's model; DigestSelector: scoring, choosing 10, saying why). Timed from the marks to
/// the last subscriber's picks, round after round, each round on a new DigestRelevance (as each run makes one).
/// </summary>
internal static class PlanCost
{
    private const int EditionSize = 50;

    /// <summary>A topic needs the up to 10 papers a subscriber saves and a few more, so that its subscribers' libraries differ.</summary>
    private const int MinTopicPapers = 13;

    public static int Run(string feed, int subscribers, int rounds)
    {
        using var stream = File.OpenRead(feed);
        var entries = ArxivRssParser.Parse(stream).Entries.DistinctBy(e => e.Paper.ArxivId).ToList();
        var random = new Random(1);
        var papers = entries.Select(e => e.ToRecord())
            .Select((r, i) => new DigestCandidate(i + 1, r.ArxivId, r.Title, r.Abstract, r.Keywords, random.Next(100)) { Authors = r.Authors }).ToList();
        var primary = entries.Select((e, i) => (Id: i + 1, Category: e.PrimaryCategory!)).ToDictionary(x => x.Id, x => x.Category);

        // The edition: 50 papers drawn at random; the pool: the 500 newest (highest ids) of the others, as in the app.
        var edition = papers.OrderBy(_ => random.Next()).Take(EditionSize).OrderByDescending(p => p.Upvotes).ToList();
        var editionIds = edition.Select(p => p.PaperId).ToHashSet();
        var history = papers.Where(p => !editionIds.Contains(p.PaperId)).ToList();
        var pool = history.OrderByDescending(p => p.PaperId).Take(DigestRelevance.PoolSize).ToList();
        var categories = history.GroupBy(p => primary[p.PaperId]).Where(g => g.Count() >= MinTopicPapers).Select(g => g.ToList()).ToList();

        var people = new List<Subscription>();
        var marks = new List<(int SubscriptionId, int PaperId, MarkKind Kind)>();
        for (var id = 1; id <= subscribers; id++)
        {
            var topic = categories[random.Next(categories.Count)];
            var saved = topic.OrderBy(_ => random.Next()).Take(random.Next(3, 11)).ToList();
            var other = history[random.Next(history.Count)];
            while (primary[other.PaperId] == primary[saved[0].PaperId] || saved.Contains(other))
            {
                other = history[random.Next(history.Count)];
            }

            marks.AddRange(saved.Select(p => (id, p.PaperId, MarkKind.Saved)));
            marks.Add((id, other.PaperId, MarkKind.NotForMe));
            people.Add(new Subscription { Id = id, PublicId = $"bench-{id}", Email = $"s{id}@bench.test", Preferences = new DigestPreferences { Ranking = DigestRanking.ForYou, MaxPapers = 10 } });
        }

        var markedIds = marks.Select(m => m.PaperId).ToHashSet();
        var marked = papers.Where(p => markedIds.Contains(p.PaperId)).ToList();
        Console.WriteLine($"{papers.Count:N0} papers of the recorded feed; an edition of {edition.Count}, a pool of {pool.Count}; " +
            $"{subscribers:N0} subscribers on For you with {marks.Count(m => m.Kind == MarkKind.Saved) / (double)subscribers:0.0} saved papers on average; {Environment.ProcessorCount} cores");

        IReadOnlySet<int> nothingSent = new HashSet<int>();
        var work = people.Select(p => (p, (IReadOnlyList<DigestCandidate>)edition, nothingSent)).ToList();
        // The app's way first: its first round is the cold one (the code not compiled yet, as in a digest run's new process).
        var timings = new Dictionary<string, List<double>> { [$"all {Environment.ProcessorCount} cores"] = [], ["one core"] = [] };
        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (way, seconds) in timings)
            {
                // From the marks to the last subscriber's picks, on a new DigestRelevance, as each run makes one.
                var (allocated, collections) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
                var watch = Stopwatch.StartNew();
                var relevance = DigestRelevance.Of(marks, marked, pool);
                var chosen = way == "one core"
                    ? [.. people.Select(p => DigestSelector.Select(edition, p.Preferences, nothingSent, relevance.For(p, edition)))]
                    : relevance.SelectAll(work, CancellationToken.None);
                seconds.Add(watch.Elapsed.TotalSeconds);
                (allocated, collections) = (GC.GetTotalAllocatedBytes() - allocated, GC.CollectionCount(0) - collections);

                var picked = chosen.Sum(c => c.Papers.Count(p => p.Section == DigestSection.ForYou));
                if (picked != subscribers * 10)
                {
                    return Fail($"expected 10 picks for each of {subscribers} subscribers, got {picked}");
                }

                // The same picks and reasons, whichever way and round: a fingerprint of them all.
                var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                    string.Join('\n', chosen.SelectMany((c, i) => c.Papers.Select(p => $"{people[i].Id} {p.PaperId} {p.Reason}"))))))[..12];
                fingerprints.Add(fingerprint);
                Console.WriteLine($"[round {round}/{rounds}] {way}: {seconds[^1]:0.00} s ({seconds[^1] * 1e6 / subscribers:0} µs a subscriber); {allocated / subscribers / 1024.0:0} KB allocated a subscriber, {collections} collections; {picked:N0} papers picked for you (fingerprint of the picks and reasons: {fingerprint})");
            }
        }

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        Console.WriteLine();
        Console.WriteLine("| subscribers on For you | on | median s | fastest s | µs a subscriber (median) |");
        Console.WriteLine("|---:|---|---:|---:|---:|");
        foreach (var (way, seconds) in timings)
        {
            seconds.Sort();
            Console.WriteLine($"| {subscribers:N0} | {way} | {seconds[seconds.Count / 2]:0.00} | {seconds[0]:0.00} | {seconds[seconds.Count / 2] * 1e6 / subscribers:0} |");
        }

        Console.WriteLine($"{rounds} rounds; load average at the end: {load}.");
        return fingerprints.Count == 1 ? 0 : Fail($"the picks differ between rounds or ways: {string.Join(", ", fingerprints)}");
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
