using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Core.Recommendations;

/// <summary>
/// The terms of a set of papers with their inverse document frequencies, made once per edition of a digest run from
/// the edition's candidates and a sample of the catalog, and each paper's vector in it (any paper's, a marked one's
/// too), made once and shared by every subscriber's model, from any thread. Terms in a single paper, or in more than half of
/// them, tell no papers apart and are left out; tf is sublinear (1 + ln count), as in arxiv-sanity's tf-idf.
/// </summary>
public sealed class TermSpace
{
    private readonly Dictionary<string, int> ids;
    private readonly string[] terms;
    private readonly double[] idf;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, TermVector> vectors = new();

    private TermSpace(Dictionary<string, int> ids, string[] terms, double[] idf)
    {
        this.ids = ids;
        this.terms = terms;
        this.idf = idf;
    }

    public int Count => terms.Length;

    /// <summary>The space of <paramref name="papers"/> (each counted once, by paper id).</summary>
    public static TermSpace Build(IEnumerable<DigestCandidate> papers)
    {
        var documents = papers.DistinctBy(p => p.PaperId).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var paper in documents)
        {
            foreach (var term in TextTerms.Of(Text(paper)).Distinct(StringComparer.Ordinal))
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }

        var n = documents.Count;
        var kept = df.Where(t => t.Value >= 2 && t.Value <= Math.Max(2, n / 2)).Select(t => t.Key).Order(StringComparer.Ordinal).ToArray();
        var ids = kept.Select((term, i) => (term, i)).ToDictionary(t => t.term, t => t.i, StringComparer.Ordinal);
        var idf = kept.Select(term => Math.Log((1.0 + n) / (1.0 + df[term])) + 1.0).ToArray();
        return new TermSpace(ids, kept, idf);
    }

    /// <summary>The term with id <paramref name="id"/>.</summary>
    public string Term(int id) => terms[id];

    /// <summary>The vector of <paramref name="paper"/>, made on first use and kept (by paper id).</summary>
    public TermVector Vector(DigestCandidate paper)
    {
        if (vectors.TryGetValue(paper.PaperId, out var known))
        {
            return known;
        }

        var counts = new Dictionary<int, int>();
        foreach (var term in TextTerms.Of(Text(paper)))
        {
            if (ids.TryGetValue(term, out var id))
            {
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        }

        var entries = counts.Select(c => (Id: c.Key, Weight: (1.0 + Math.Log(c.Value)) * idf[c.Key])).OrderBy(e => e.Id).ToArray();
        var norm = Math.Sqrt(entries.Sum(e => e.Weight * e.Weight));
        var vector = norm == 0 ? TermVector.Empty : new TermVector([.. entries.Select(e => e.Id)], [.. entries.Select(e => e.Weight / norm)]);
        vectors[paper.PaperId] = vector;
        return vector;
    }

    // The title twice: it is the author's own summary of the topic in a few words.
    private static string Text(DigestCandidate paper) => string.Join(". ", [paper.Title, paper.Title, paper.Abstract, .. paper.Keywords]);
}
