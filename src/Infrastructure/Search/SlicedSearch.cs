using System.Runtime.ExceptionServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// A top-k search whose large segments are read in ranges of documents at once, one range per core, so that one broad
/// query ("language models": every seventh paper of a million matches, and BM25 scores each) uses every core instead
/// of one. The result is the one <see cref="IndexSearcher.Search(Query, Filter, int)"/> gives: the same scores (one
/// weight, from the whole index's statistics), the same total, and equal scores in document order, since the ranges are
/// merged in order.
/// </summary>
/// <remarks>
/// Lucene.Net 4.8 runs segments at once only when the index has several, and only on a task scheduler the caller then
/// blocks on. Here the ranges are <see cref="Parallel.For(int, int, Action{int})"/>'s iterations: the calling thread
/// takes its share and, when the thread pool is busy with other requests, all of them, so a loaded server does the
/// same work one thread at a time instead of waiting for threads. docs/PERFORMANCE.md has the figures.
/// </remarks>
internal static class SlicedSearch
{
    /// <summary>Segments smaller than twice this are read in one piece: below it, the hand-over costs more than it saves.</summary>
    private const int MinSliceDocuments = 50_000;

    public static TopDocs Search(IndexSearcher searcher, Query query, Filter? filter, int count) =>
        Search(searcher, query, filter, count, Environment.ProcessorCount, MinSliceDocuments);

    internal static TopDocs Search(IndexSearcher searcher, Query query, Filter? filter, int count, int slicesPerSegment, int minSliceDocuments)
    {
        var slices = Slices(searcher.IndexReader.Leaves, slicesPerSegment, minSliceDocuments);
        count = Math.Clamp(count, 1, Math.Max(1, searcher.IndexReader.MaxDoc)); // as IndexSearcher does
        if (filter is not null && slices.Count > searcher.IndexReader.Leaves.Count)
        {
            filter = new SegmentSets(filter, searcher.IndexReader.Leaves); // once a segment, not once a range
        }

        var weight = searcher.CreateNormalizedWeight(filter is null ? query : new FilteredQuery(query, filter));
        var found = new TopDocs[slices.Count];
        if (slices.Count == 1)
        {
            found[0] = Collect(weight, slices[0], count);
        }
        else
        {
            try
            {
                Parallel.For(0, slices.Count, i => found[i] = Collect(weight, slices[i], count));
            }
            catch (AggregateException e)
            {
                ExceptionDispatchInfo.Throw(e.InnerExceptions[0]); // as one pass would have thrown it
            }
        }

        // Equal scores keep the slices' order, which is the documents' order: as one pass over the index ranks them.
        return TopDocs.Merge(null, count, found);
    }

    /// <summary>Every match in the slice, scored, the best <paramref name="count"/> kept (index-wide numbers).</summary>
    private static TopDocs Collect(Weight weight, Slice slice, int count)
    {
        var collector = TopScoreDocCollector.Create(count, docsScoredInOrder: true);
        collector.SetNextReader(slice.Segment);
        var scorer = weight.GetScorer(slice.Segment, slice.Segment.AtomicReader.LiveDocs);
        if (scorer is not null)
        {
            collector.SetScorer(scorer);
            for (var doc = scorer.Advance(slice.From); doc < slice.To; doc = scorer.NextDoc())
            {
                collector.Collect(doc);
            }
        }

        return collector.GetTopDocs();
    }

    /// <summary>Each segment in up to <paramref name="slicesPerSegment"/> ranges of at least <paramref name="minSliceDocuments"/>.</summary>
    internal static List<Slice> Slices(IList<AtomicReaderContext> segments, int slicesPerSegment, int minSliceDocuments)
    {
        var slices = new List<Slice>();
        foreach (var segment in segments)
        {
            var size = segment.AtomicReader.MaxDoc;
            var parts = Parts(size, slicesPerSegment, minSliceDocuments);
            for (var part = 0; part < parts; part++)
            {
                var from = (int)((long)size * part / parts);
                var to = part == parts - 1 ? DocIdSetIterator.NO_MORE_DOCS : (int)((long)size * (part + 1) / parts);
                slices.Add(new Slice(segment, from, to));
            }
        }

        return slices;
    }

    /// <summary>How many ranges a segment of <paramref name="documents"/> is read in: one per core, none under the minimum.</summary>
    internal static int Parts(int documents, int slicesPerSegment, int minSliceDocuments) =>
        Math.Clamp(documents / minSliceDocuments, 1, Math.Max(1, slicesPerSegment));

    /// <summary>
    /// A filter's documents worked out once for each segment: a date or upvotes range fills a bit set as long as its
    /// segment, which every range of the segment would otherwise fill again. A filter that answers lazily (a query's
    /// filter works its documents out each time it is read) is read once into a bit set.
    /// </summary>
    private sealed class SegmentSets(Filter filter, IList<AtomicReaderContext> segments) : Filter
    {
        private readonly DocIdSet?[] _sets = [.. segments.Select(s => Once(filter.GetDocIdSet(s, s.AtomicReader.LiveDocs), s.AtomicReader.MaxDoc))];

        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, Lucene.Net.Util.IBits acceptDocs) => _sets[context.Ord];

        private static DocIdSet? Once(DocIdSet? set, int documents)
        {
            if (set is null || set.IsCacheable)
            {
                return set;
            }

            var bits = new Lucene.Net.Util.FixedBitSet(documents);
            if (set.GetIterator() is { } iterator)
            {
                bits.Or(iterator);
            }

            return bits;
        }
    }

    /// <summary>Documents <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive) of one segment, in its own numbers.</summary>
    internal sealed record Slice(AtomicReaderContext Segment, int From, int To);
}
