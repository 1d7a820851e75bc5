using Lucene.Net.Documents;

namespace PaperFeed.Infrastructure.Search;

/// <summary>The catalog's log of changes to searchable papers, and those papers as search documents.</summary>
/// <remarks>
/// The database fills the log (triggers, whichever process stores a paper); the search index reads it in order. Each
/// call stands alone, so that an implementation can take a connection from its pool per call.
/// </remarks>
public interface ISearchChangeLog
{
    /// <summary>Which database this is, and the first and last entries of its change log.</summary>
    Task<SearchLogState> StateAsync(CancellationToken cancellationToken);

    /// <summary>The next <paramref name="limit"/> entries after <paramref name="seq"/>, in order.</summary>
    Task<IReadOnlyList<SearchChange>> ChangesAfterAsync(long seq, int limit, CancellationToken cancellationToken);

    /// <summary>The papers with these ids that still exist, by id.</summary>
    Task<IReadOnlyDictionary<int, Document>> DocumentsAsync(IReadOnlyCollection<int> paperIds, CancellationToken cancellationToken);

    /// <summary>Every paper, in id order, streamed (a rebuild reads them all).</summary>
    IAsyncEnumerable<Document> AllDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>How many papers there are (what a rebuild would index).</summary>
    Task<long> PaperCountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the entries up to <paramref name="applied"/> that were logged before <paramref name="before"/>, except
    /// the newest: it keeps the log's numbering, so that an empty log is never taken for a database restored from an
    /// older copy.
    /// </summary>
    Task PruneAsync(long applied, DateTimeOffset before, CancellationToken cancellationToken);
}
