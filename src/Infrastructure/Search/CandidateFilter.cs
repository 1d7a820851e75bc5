using Lucene.Net.Search;

namespace PaperFeed.Infrastructure.Search;

/// <summary>Only the given documents (index-wide numbers), segment by segment.</summary>
internal sealed class CandidateFilter(IEnumerable<int> documents) : Filter
{
    private readonly int[] _documents = [.. documents.Order()];

    public override DocIdSet GetDocIdSet(Lucene.Net.Index.AtomicReaderContext context, Lucene.Net.Util.IBits acceptDocs)
    {
        var bits = new Lucene.Net.Util.FixedBitSet(context.AtomicReader.MaxDoc);
        foreach (var document in _documents)
        {
            var local = document - context.DocBase;
            if (local >= 0 && local < bits.Length)
            {
                bits.Set(local);
            }
        }

        return BitsFilteredDocIdSet.Wrap(bits, acceptDocs);
    }
}
