using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using PaperFeed.Infrastructure.Search;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// A search read in slices of documents at once ranks exactly as Lucene's own one-pass search: the same documents,
/// scores and total, and equal scores in document order, whatever the slicing. The index has several segments, deleted
/// documents and many equal scores (documents written twice, in different slices).
/// </summary>
public sealed class SlicedSearchTests : IDisposable
{
    private static readonly string[] Words =
        ["language", "models", "vision", "graph", "neural", "diffusion", "planner", "agents", "retrieval", "benchmark", "quantization", "transformer"];

    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public SlicedSearchTests()
    {
        var random = new Random(12);
        var config = new IndexWriterConfig(SearchAnalyzers.Version, SearchAnalyzers.Create())
        {
            Similarity = new BM25Similarity(),
            MergePolicy = NoMergePolicy.COMPOUND_FILES, // keep the three segments
        };
        using (var writer = new IndexWriter(_directory, config))
        {
            var id = 0;
            foreach (var size in (int[])[900, 700, 300])
            {
                for (var i = 0; i < size; i++)
                {
                    // Every fifth document repeats an earlier one word for word: equal scores far apart.
                    var text = i % 5 == 4 ? Text(new Random(i / 5)) : Text(random);
                    writer.AddDocument(new Document
                    {
                        new StringField(SearchFields.Id, (id++).ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
                        new TextField(SearchFields.Text, text, Field.Store.NO),
                        new StringField(SearchFields.Category, random.Next(3) == 0 ? "cs.cl" : "cs.cv", Field.Store.NO),
                    });
                }

                writer.Commit();
            }

            writer.DeleteDocuments(new Term(SearchFields.Id, "7"), new Term(SearchFields.Id, "1200"), new Term(SearchFields.Id, "1650"));
            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    [Theory]
    [InlineData("language models")]
    [InlineData("graph OR planner OR agents")]
    [InlineData("\"vision language\"")]
    [InlineData("transform*")]
    [InlineData("retrieval -benchmark")]
    [InlineData("nothingmatches")]
    public void Every_slicing_ranks_as_one_pass_over_the_index(string text)
    {
        Assert.Equal(3, _reader.Leaves.Count);
        var query = new QueryParser(SearchAnalyzers.Version, SearchFields.Text, SearchAnalyzers.Create()) { DefaultOperator = Operator.AND }.Parse(text);
        var category = new QueryWrapperFilter(new TermQuery(new Term(SearchFields.Category, "cs.cl")));
        foreach (var filter in (Filter?[])[null, category])
        {
            foreach (var count in (int[])[1, 10, 200, 5_000])
            {
                var expected = _searcher.Search(query, filter, count);
                foreach (var slices in (int[])[1, 2, 3, 7])
                {
                    var actual = SlicedSearch.Search(_searcher, query, filter, count, slices, minSliceDocuments: 100);
                    Assert.Equal(expected.TotalHits, actual.TotalHits);
                    Assert.Equal(Ranked(expected), Ranked(actual));
                }
            }
        }
    }

    [Fact]
    public void The_test_index_is_read_in_several_slices_with_equal_scores_in_different_ones()
    {
        // Without this the theory above could pass with one slice per segment, or without a tie to order.
        var slices = SlicedSearch.Slices(_reader.Leaves, 3, minSliceDocuments: 100);
        Assert.Equal([3, 3, 3], _reader.Leaves.Select(leaf => slices.Count(s => s.Segment == leaf)));
        foreach (var segment in slices.GroupBy(s => s.Segment).Select(g => g.ToList()))
        {
            // Each segment whole, once: from its first document to the end, every range starting where the last ended.
            Assert.Equal(0, segment[0].From);
            Assert.Equal(DocIdSetIterator.NO_MORE_DOCS, segment[^1].To);
            Assert.All(segment.Skip(1).Zip(segment), pair => Assert.Equal(pair.Second.To, pair.First.From));
        }

        var query = new TermQuery(new Term(SearchFields.Text, "model"));
        var top = _searcher.Search(query, 5_000).ScoreDocs;
        var ties = top.GroupBy(d => d.Score).Where(g => g.Count() > 1).ToList();
        Assert.Contains(ties, g => g.Select(d => slices.FindIndex(s => Covers(s, d.Doc))).Distinct().Count() > 1);
    }

    [Fact]
    public void A_filter_is_worked_out_once_a_segment_not_once_a_range()
    {
        // A date or upvotes range fills a bit set as long as its segment: three ranges a segment must not fill it thrice.
        var category = new QueryWrapperFilter(new TermQuery(new Term(SearchFields.Category, "cs.cl")));
        var filter = new CountingFilter(category);
        var query = new TermQuery(new Term(SearchFields.Text, "model"));
        var found = SlicedSearch.Search(_searcher, query, filter, 10, 3, minSliceDocuments: 100);
        Assert.Equal(3, filter.Calls);
        Assert.Equal(_searcher.Search(query, category, 10).TotalHits, found.TotalHits);
    }

    [Theory]
    [InlineData(99_999, 2, 1)] // under twice the minimum: one piece
    [InlineData(100_000, 2, 2)]
    [InlineData(1_000_000, 2, 2)]
    [InlineData(1_000_000, 16, 16)]
    [InlineData(120_000, 16, 2)] // never a range under the minimum
    [InlineData(10, 0, 1)]
    public void A_segment_is_read_in_as_many_ranges_as_cores_but_none_under_the_minimum(int documents, int cores, int expected) =>
        Assert.Equal(expected, SlicedSearch.Parts(documents, cores, minSliceDocuments: 50_000));

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }

    private sealed class CountingFilter(Filter filter) : Filter
    {
        public int Calls { get; private set; }

        public override DocIdSet GetDocIdSet(AtomicReaderContext context, Lucene.Net.Util.IBits acceptDocs)
        {
            Calls++;
            return filter.GetDocIdSet(context, acceptDocs);
        }
    }

    private static bool Covers(SlicedSearch.Slice slice, int doc) =>
        doc - slice.Segment.DocBase >= slice.From && doc - slice.Segment.DocBase < slice.To && doc - slice.Segment.DocBase < slice.Segment.AtomicReader.MaxDoc;

    private static List<(int Doc, float Score)> Ranked(TopDocs top) => [.. top.ScoreDocs.Select(d => (d.Doc, d.Score))];

    private static string Text(Random random) =>
        string.Join(' ', Enumerable.Range(0, random.Next(3, 12)).Select(_ => Words[random.Next(Words.Length)]));
}
