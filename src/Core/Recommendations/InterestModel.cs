using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Core.Recommendations;

/// <summary>
/// One subscriber's "for you" ranking: a logistic regression on the tf-idf vectors of <see cref="TermSpace"/>, trained
/// on their saved papers (positive) against the papers they marked "not for me" and a sample of the catalog
/// (negative), classes weighted to count alike. It scores new papers and says why a paper ranks high: the saved paper
/// it is most like, or else the words that weighed most (as arxiv-sanity shows its top words). Training, scoring a
/// 50-paper edition and saying why for its 10 best take about 0.2 ms of one core (RecommendBench plan,
/// docs/RECOMMENDATIONS.md).
/// </summary>
public sealed class InterestModel
{
    /// <summary>Fewer saved papers than this say too little: the digest falls back to keywords and upvotes.</summary>
    public const int MinSaved = 3;

    /// <summary>How alike (cosine of tf-idf) a new paper and a saved one must be for "like …" to be the reason.</summary>
    public const double LikeThreshold = 0.2;

    // 5 to 20 passes and steps of 1 to 3 gave the same precision@10 (0.48) in RecommendBench foryou.
    private const int Epochs = 10;
    private const double LearningRate = 1.0;

    private readonly TermSpace space;
    private readonly IReadOnlyList<DigestCandidate> saved;

    // One weight per term of the space (zero for the terms of no training paper): scoring a paper is a dot product
    // over its own terms, without a lookup. A space has some thousands of terms, so a model is some tens of kilobytes,
    // and lives as long as one subscriber's selection.
    private readonly double[] weights;
    private readonly double bias;

    private InterestModel(TermSpace space, IReadOnlyList<DigestCandidate> saved, double[] weights, double bias)
    {
        this.space = space;
        this.saved = saved;
        this.weights = weights;
        this.bias = bias;
    }

    /// <summary>The model of <paramref name="saved"/> against <paramref name="negatives"/>, or null with fewer than <see cref="MinSaved"/> saved papers.</summary>
    public static InterestModel? Train(TermSpace space, IReadOnlyList<DigestCandidate> saved, IReadOnlyList<DigestCandidate> negatives)
    {
        var savedIds = saved.Select(p => p.PaperId).ToHashSet();
        var others = negatives.Where(p => !savedIds.Contains(p.PaperId)).DistinctBy(p => p.PaperId).ToList();
        if (saved.Count < MinSaved || others.Count == 0)
        {
            return null;
        }

        var rows = new (TermVector Vector, double Label)[saved.Count + others.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i < saved.Count ? (space.Vector(saved[i]), 1.0) : (space.Vector(others[i - saved.Count]), 0.0);
        }

        var classWeight = (Positive: rows.Length / (2.0 * saved.Count), Negative: rows.Length / (2.0 * others.Count));
        var w = new double[space.Count];
        double b = 0;
        // Stochastic gradient descent, a few passes in a shuffled order with a falling step: the few passes are the
        // regularization (the papers are few and their vectors short), and they cost a fraction of full-batch descent.
        var random = new Random(rows.Length);
        var order = Enumerable.Range(0, rows.Length).ToArray();
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = LearningRate / (1 + epoch);
            foreach (var r in order)
            {
                var (vector, label) = rows[r];
                var (index, values) = (vector.Terms, vector.Weights);
                var z = b;
                for (var k = 0; k < index.Length; k++)
                {
                    z += w[index[k]] * values[k];
                }

                var step = rate * (label - Sigmoid(z)) * (label > 0 ? classWeight.Positive : classWeight.Negative);
                for (var k = 0; k < index.Length; k++)
                {
                    w[index[k]] += step * values[k];
                }

                b += step;
            }
        }

        return new InterestModel(space, saved, w, b);
    }

    /// <summary>How likely the subscriber is to save <paramref name="paper"/>, from 0 to 1.</summary>
    public double Score(DigestCandidate paper)
    {
        var vector = space.Vector(paper);
        var z = bias;
        for (var k = 0; k < vector.Terms.Length; k++)
        {
            z += weights[vector.Terms[k]] * vector.Weights[k];
        }

        return Sigmoid(z);
    }

    /// <summary>
    /// Why <paramref name="paper"/> is recommended: "Like “…” in your library" when a saved paper is close to it,
    /// otherwise the (up to three) terms that added most to its score.
    /// </summary>
    public string Why(DigestCandidate paper)
    {
        var vector = space.Vector(paper);
        DigestCandidate? closest = null;
        var similarity = double.MinValue;
        foreach (var candidate in saved)
        {
            var s = vector.Dot(space.Vector(candidate));
            if (s > similarity || (s == similarity && candidate.PaperId < closest!.PaperId))
            {
                (closest, similarity) = (candidate, s);
            }
        }

        if (similarity >= LikeThreshold)
        {
            return $"Like “{PaperText.Shorten(closest!.Title, 90)}” in your library";
        }

        // The terms by what they added, most first (ties in term order): taken one by one until three are listed, and
        // "ai" and "ai systems" say one thing, so a term that holds or is held by one already listed is left out.
        var added = new List<(double Weight, string Term)>(vector.Terms.Length);
        for (var k = 0; k < vector.Terms.Length; k++)
        {
            var weight = weights[vector.Terms[k]] * vector.Weights[k];
            if (weight > 0)
            {
                added.Add((weight, space.Term(vector.Terms[k])));
            }
        }

        var words = new List<string>();
        while (words.Count < 3 && added.Count > 0)
        {
            var best = 0;
            for (var i = 1; i < added.Count; i++)
            {
                if (added[i].Weight > added[best].Weight || (added[i].Weight == added[best].Weight && string.CompareOrdinal(added[i].Term, added[best].Term) < 0))
                {
                    best = i;
                }
            }

            var term = added[best].Term;
            (added[best], added[^1]) = (added[^1], added[best]);
            added.RemoveAt(added.Count - 1);
            if (!words.Any(w => Overlaps(w, term)))
            {
                words.Add(term);
            }
        }

        return words.Count == 0 ? "Ranked by the papers in your library" : $"Words that weighed most: {string.Join(", ", words)}";
    }

    /// <summary>
    /// <paramref name="count"/> papers of <paramref name="pool"/> not in <paramref name="excluded"/>, drawn the same way
    /// for the same <paramref name="seed"/> (the subscription), so that a plan made again chooses the same papers:
    /// each paper, in the order of their ids, draws a random key, and the lowest keys win.
    /// </summary>
    public static IReadOnlyList<DigestCandidate> SampleNegatives(IEnumerable<DigestCandidate> pool, IReadOnlySet<int> excluded, int count, int seed)
    {
        var eligible = pool.Where(p => !excluded.Contains(p.PaperId)).ToArray();
        if (!IsOrderedById(eligible))
        {
            Array.Sort(eligible, (a, b) => a.PaperId.CompareTo(b.PaperId));
        }

        // Key and position in one number: sorted, it orders as a stable sort by key would (the position breaks ties),
        // and its low half says which paper it is.
        var random = new Random(seed);
        var keys = new long[eligible.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = ((long)random.Next() << 32) | (uint)i;
        }

        Array.Sort(keys);
        var sample = new DigestCandidate[Math.Min(count, keys.Length)];
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = eligible[(int)(keys[i] & uint.MaxValue)];
        }

        return sample;
    }

    private static bool IsOrderedById(DigestCandidate[] papers)
    {
        for (var i = 1; i < papers.Length; i++)
        {
            if (papers[i - 1].PaperId > papers[i].PaperId)
            {
                return false;
            }
        }

        return true;
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    private static bool Overlaps(string a, string b) => a.Split(' ').Intersect(b.Split(' '), StringComparer.Ordinal).Any();
}
