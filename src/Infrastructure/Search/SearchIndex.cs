using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// The Lucene index of the catalog, in <c>{DataDirectory}/search-index</c>: a copy that can always be rebuilt from the
/// database. Triggers append every change of a paper to the <c>SearchChanges</c> log, whichever process made it; the
/// index applies the log in order and records in each commit how far it got and which database it belongs to, so a
/// crash or a restart resumes where the last commit ended. One process owns the index (an exclusive lock on
/// <c>search-index.lock</c>: Lucene's own write lock does not exclude other processes on Linux); another process that
/// opens it (an operator command while the app runs) only reads it, and takes it over once the owner has gone.
/// Work that fails is rolled back, never committed half-done: the last commit stays what searches see.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    /// <summary>Bump when documents change shape: an index written by another schema is rebuilt.</summary>
    private const string Schema = "2"; // 2: categories in lower case
    private const string SeqKey = "seq";
    private const string SchemaKey = "schema";
    private const string CatalogKey = "catalog";

    private readonly string _path;
    private readonly ISearchChangeLog _log;
    private readonly ILogger<SearchIndex> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1); // one writer task at a time: catch-up, update or rebuild
    private readonly System.Threading.Lock _opening = new();
    private readonly SearchIndexOwnership _ownership;
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private long _applied = -1; // the last change log entry in the index; -1 until the index was (re)built
    private string? _catalog; // the database the index was built from (SearchCatalog.Id)
    private volatile bool _foreign; // the index belongs to another database: its hits would name the wrong papers
    private bool _opened;

    public SearchIndex(DataPaths paths, ISearchChangeLog log, ILogger<SearchIndex> logger)
    {
        _path = Path.Combine(paths.DataDirectory, "search-index");
        _ownership = new SearchIndexOwnership(_path + ".lock");
        _log = log;
        _logger = logger;
        Analyzer = SearchAnalyzers.Create();
    }

    internal Analyzer Analyzer { get; }

    /// <summary>Whether this process owns the index (and keeps it current) or only reads what the owner wrote.</summary>
    public bool IsOwner
    {
        get
        {
            Open();
            return _writer is not null;
        }
    }

    /// <summary>
    /// Applies the changes waiting in the log when there are at most <paramref name="maxBacklog"/> of them, so that a
    /// search sees what was just stored. Returns false when the index is behind by more (a rebuild or a large import
    /// is under way in the background) or could not be updated: searches then answer from what is indexed so far.
    /// </summary>
    public async Task<bool> CatchUpAsync(int maxBacklog, CancellationToken cancellationToken)
    {
        Open();
        if (_writer is null)
        {
            _searchers?.MaybeRefresh();
            return true;
        }

        try
        {
            var state = await _log.StateAsync(cancellationToken);
            var applied = Volatile.Read(ref _applied);
            if (applied == state.Latest && state.Catalog == Volatile.Read(ref _catalog))
            {
                return true;
            }

            var rebuild = NeedsRebuild(applied, state);
            _foreign = state.Catalog != Volatile.Read(ref _catalog) || state.Latest < applied;
            var backlog = rebuild ? await _log.PaperCountAsync(cancellationToken) : state.Latest - applied;
            if (backlog > maxBacklog || !await _gate.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken))
            {
                return false;
            }

            try
            {
                await ApplyAsync(null, cancellationToken);
                return true;
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A search still answers from the last commit; the worker keeps trying and logs there too.
            _logger.LogWarning(e, "The search index could not catch up; searching what it has");
            return false;
        }
    }

    /// <summary>Brings the index up to date however far behind it is (the background worker's loop).</summary>
    public async Task UpdateAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        Open();
        if (_writer is null && !TryTakeOver())
        {
            _searchers?.MaybeRefresh();
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await ApplyAsync(progress, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Rebuilds the index from every stored paper (the operator's <c>search rebuild</c>). Reports papers indexed.</summary>
    public async Task<int> RebuildAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        Open();
        if (_writer is null)
        {
            throw new InvalidOperationException(
                $"the search index ({_path}) is in use by a running PaperFeed, which keeps it up to date; stop that process to rebuild it by hand");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await RebuildIndexAsync(progress, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Forgets log entries that this index applied more than <paramref name="age"/> ago, except the newest: it keeps
    /// the log's numbering, so that an empty log is never taken for a database restored from an older copy.
    /// </summary>
    public async Task PruneAsync(TimeSpan age, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var applied = Volatile.Read(ref _applied);
        if (_writer is null || applied <= 0)
        {
            return;
        }

        await _log.PruneAsync(applied, now - age, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="search"/> on the latest committed state of the index: null before the first commit, and
    /// while the index belongs to another database (a reset or restored catalog), whose ids would name other papers.
    /// </summary>
    internal T Search<T>(Func<IndexSearcher?, T> search)
    {
        Open();
        if (_searchers is null)
        {
            lock (_opening)
            {
                OpenReadOnly();
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            var searchers = _searchers;
            if (searchers is null || _foreign)
            {
                return search(null);
            }

            IndexSearcher searcher;
            try
            {
                searcher = searchers.Acquire();
            }
            catch (ObjectDisposedException) when (attempt == 0)
            {
                continue; // replaced meanwhile (a roll-back or a take-over): use the new one
            }

            try
            {
                return search(searcher);
            }
            finally
            {
                searchers.Release(searcher);
            }
        }
    }

    public void Dispose()
    {
        // Never commit on the way out: whatever was not committed (a rebuild cut short by a stop) is dropped, and
        // merges are abandoned instead of holding up the stop. The next start resumes from the last commit.
        DropWriter();
        _ownership.Release();
        _directory?.Dispose();
        Analyzer.Dispose();
    }

    private static bool NeedsRebuild(long applied, SearchLogState state) =>
        applied < 0 || state.First > applied + 1 || state.Latest < applied;

    private void Open()
    {
        if (Volatile.Read(ref _opened))
        {
            return;
        }

        lock (_opening)
        {
            if (_opened)
            {
                return;
            }

            System.IO.Directory.CreateDirectory(_path);
            if (!_ownership.TryAcquire())
            {
                _logger.LogInformation("Search index {Path} is owned by another process; this one reads it until that one stops", _path);
            }

            try
            {
                _directory = FSDirectory.Open(_path);
                if (_ownership.IsHeld)
                {
                    OpenOwned();
                }
                else
                {
                    OpenReadOnly();
                }
            }
            catch
            {
                // Let the next call try again from the start (and another process take the index meanwhile).
                Close();
                throw;
            }

            Volatile.Write(ref _opened, true);
        }
    }

    /// <summary>A reader whose owner has stopped takes the index over (a rolling restart, a finished <c>search rebuild</c>).</summary>
    private bool TryTakeOver()
    {
        lock (_opening)
        {
            if (_writer is not null)
            {
                return true;
            }

            if (!_ownership.TryAcquire())
            {
                return false;
            }

            _searchers?.Dispose();
            _searchers = null;
            OpenOwned();
            _logger.LogInformation("Search index {Path}: the owning process has stopped; this one keeps it current now", _path);
            return true;
        }
    }

    /// <summary>Opens the index to write and read; an index that cannot be read is a copy, so it is started anew.</summary>
    private void OpenOwned()
    {
        try
        {
            OpenWriter(OpenMode.CREATE_OR_APPEND);
        }
        catch (Exception e) when (e is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException
                                      or FileNotFoundException or EndOfStreamException)
        {
            // Unreadable or with a file missing (but not any I/O error: a full disk or too many open files must not
            // cost a good index). The database has everything: start anew and let the worker rebuild.
            _logger.LogWarning(e, "Search index {Path} is unreadable; starting a new one, which is built from the database", _path);
            DropWriter();
            OpenWriter(OpenMode.CREATE);
        }
    }

    private void OpenWriter(OpenMode mode)
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(SearchAnalyzers.Version, Analyzer)
        {
            OpenMode = mode,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 64,
        });
        if (mode == OpenMode.CREATE || !DirectoryReader.IndexExists(_directory))
        {
            _writer.Commit(); // a first (empty) commit, so that searchers can open before the first build
        }

        var data = DirectoryReader.ListCommits(_directory)[^1].UserData;
        _applied = data.TryGetValue(SchemaKey, out var schema) && schema == Schema
            && data.TryGetValue(SeqKey, out var seq) && long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;
        _catalog = data.TryGetValue(CatalogKey, out var catalog) ? catalog : null;
        _searchers = new SearcherManager(_directory, new BM25SearcherFactory());
    }

    /// <summary>Opens what the owning process committed, once there is a commit.</summary>
    private void OpenReadOnly()
    {
        if (_searchers is null && _directory is not null && DirectoryReader.IndexExists(_directory))
        {
            _searchers = new SearcherManager(_directory, new BM25SearcherFactory());
        }
    }

    private void Close()
    {
        DropWriter();
        _directory?.Dispose();
        _directory = null;
        _ownership.Release();
    }

    /// <summary>Applies the log (or rebuilds); on any failure, drops the uncommitted work so that it never reaches a commit.</summary>
    private async Task ApplyAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyLogAsync(progress, cancellationToken);
        }
        catch
        {
            RollBack();
            throw;
        }
    }

    private async Task ApplyLogAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var applied = Volatile.Read(ref _applied);
        var state = await _log.StateAsync(cancellationToken);
        if (NeedsRebuild(applied, state) || state.Catalog != Volatile.Read(ref _catalog))
        {
            // A new index, another schema, a log pruned past what this index applied, or an index of another database
            // (a reset, or a copy restored from a backup): start from the papers.
            await RebuildIndexAsync(progress, cancellationToken);
            return;
        }

        const int batch = 5_000;
        while (true)
        {
            var changes = await _log.ChangesAfterAsync(applied, batch, cancellationToken);

            if (changes.Count == 0)
            {
                return;
            }

            var ids = changes.Select(c => c.PaperId).Distinct().ToList();
            var documents = await _log.DocumentsAsync(ids, cancellationToken);
            foreach (var id in ids)
            {
                var key = new Term(SearchFields.Id, id.ToString(CultureInfo.InvariantCulture));
                if (documents.TryGetValue(id, out var document))
                {
                    _writer!.UpdateDocument(key, document);
                }
                else
                {
                    _writer!.DeleteDocuments(key);
                }
            }

            applied = changes[^1].Seq;
            Commit(applied, state.Catalog);
            progress?.Report(ids.Count);
        }
    }

    private async Task<int> RebuildIndexAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        // Changes stored while the papers are read have a later number than this and are applied again afterwards.
        var state = await _log.StateAsync(cancellationToken);
        _logger.LogInformation("Rebuilding the search index {Path}", _path);
        _writer!.DeleteAll();
        var count = 0;
        await foreach (var document in _log.AllDocumentsAsync(cancellationToken))
        {
            _writer.AddDocument(document);
            if (++count % 10_000 == 0)
            {
                progress?.Report(count);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        _writer.ForceMerge(1); // one segment searches fastest; later changes add small segments that merge as usual
        Commit(state.Latest, state.Catalog);
        if (count % 10_000 != 0)
        {
            progress?.Report(count);
        }

        _logger.LogInformation("Search index rebuilt: {Count} papers", count);
        return count;
    }

    private void Commit(long applied, string catalog)
    {
        _writer!.SetCommitData(new Dictionary<string, string>
        {
            [SeqKey] = applied.ToString(CultureInfo.InvariantCulture),
            [SchemaKey] = Schema,
            [CatalogKey] = catalog,
        });
        _writer.Commit();
        Volatile.Write(ref _catalog, catalog);
        Volatile.Write(ref _applied, applied);
        _foreign = false;
        _searchers!.MaybeRefreshBlocking();
    }

    /// <summary>Drops what was not committed; the writer closes with it, so a new one opens on the last commit.</summary>
    private void RollBack()
    {
        lock (_opening)
        {
            DropWriter();
            OpenOwned();
        }
    }

    /// <summary>Closes the searchers and the writer without committing (a writer of a broken index may fail to close: it is replaced).</summary>
    private void DropWriter()
    {
        _searchers?.Dispose();
        _searchers = null;
        try
        {
            _writer?.Rollback();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _logger.LogWarning(e, "Closing the search index writer {Path} failed", _path);
        }

        _writer = null;
    }

    private sealed class BM25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }
}
