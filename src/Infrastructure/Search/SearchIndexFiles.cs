using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace PaperFeed.Infrastructure.Search;

/// <summary>The search index's Lucene directory, writer and searchers, opened on first use: owned (to write) or read-only.</summary>
/// <remarks>
/// An owner that cannot read its index starts a new one (the database has everything); what it has not committed is
/// only ever dropped (a roll-back, closing), never committed on the way out.
/// </remarks>
internal sealed class SearchIndexFiles(string path, Analyzer analyzer, ILogger logger) : IDisposable
{
    // Guards every field below, which change together (a commit moves the position and clears _foreign): searches
    // (synchronous, many at once) use the searchers while a take-over, a roll-back or a retried opening replaces them.
    // Held for short synchronous steps only, never across an await: writing runs outside it, under the updater's gate.
    private readonly System.Threading.Lock _lock = new();
    private readonly SearchIndexOwnership _ownership = new(path + ".lock");
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private SearchIndexPosition _position = SearchIndexPosition.Unbuilt;
    private bool _foreign; // the index belongs to another database: its hits would name the wrong papers
    private bool _opened;

    public string Path => path;

    /// <summary>Which process holds the index (see <see cref="SearchIndexOwnership.Holder"/>).</summary>
    public string? Holder() => _ownership.Holder();

    public bool HeldByRebuild() => _ownership.HeldByRebuild();

    /// <summary>What this process's last commit recorded (or found when it opened the index to write).</summary>
    public SearchIndexPosition Position
    {
        get
        {
            lock (_lock)
            {
                return _position;
            }
        }
    }

    /// <summary>
    /// The writer (opening the index first), null while another process owns the index. Only the updater writes with
    /// it, one task at a time, and only that task's roll-back replaces it: it may use the writer outside the lock.
    /// </summary>
    public IndexWriter? Writer
    {
        get
        {
            lock (_lock)
            {
                Open();
                return _writer;
            }
        }
    }

    /// <summary>Whether the index belongs to another database than the log: searches answer nothing until it is rebuilt.</summary>
    public void MarkForeign(bool foreign)
    {
        lock (_lock)
        {
            _foreign = foreign;
        }
    }

    /// <summary>Owns the index if it can: a reader whose owner has stopped takes it over (a rolling restart, a finished <c>search rebuild</c>).</summary>
    public bool TryTakeOver()
    {
        lock (_lock)
        {
            Open();
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
            logger.LogInformation("Search index {Path}: the owning process has stopped; this one keeps it current now", path);
            return true;
        }
    }

    /// <summary>
    /// The searchers on the latest commit (opening the index first): null before the first commit, and while the index
    /// belongs to another database. A take-over or a roll-back may dispose them meanwhile: then they throw on use.
    /// </summary>
    public SearcherManager? Searchers
    {
        get
        {
            lock (_lock)
            {
                Open();
                OpenReadOnly(); // a reader that started before the owner's first commit
                return _foreign ? null : _searchers;
            }
        }
    }

    /// <summary>Commits the writer's work as the log applied up to <paramref name="applied"/> of <paramref name="catalog"/>, and shows it to searches.</summary>
    public void Commit(long applied, string catalog)
    {
        var writer = Writer!;
        writer.SetCommitData(SearchIndexPosition.CommitData(applied, catalog));
        writer.Commit();
        SearcherManager searchers;
        lock (_lock)
        {
            _position = new SearchIndexPosition(applied, catalog);
            _foreign = false;
            searchers = _searchers!;
        }

        // Outside the lock (a reopen after a rebuild takes a while): only the gate holder, this caller, replaces them.
        searchers.MaybeRefreshBlocking();
    }

    /// <summary>Drops what was not committed; the writer closes with it, so a new one opens on the last commit.</summary>
    public void RollBack()
    {
        lock (_lock)
        {
            DropWriter();
            OpenOwned();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            Close();
        }
    }

    // The methods below run under _lock.
    private void Open()
    {
        if (_opened)
        {
            return;
        }

        System.IO.Directory.CreateDirectory(path);
        if (!_ownership.TryAcquire())
        {
            logger.LogInformation("Search index {Path} is owned by another process; this one reads it until that one stops", path);
        }

        try
        {
            _directory = FSDirectory.Open(path);
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

        _opened = true;
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
            logger.LogWarning(e, "Search index {Path} is unreadable; starting a new one, which is built from the database", path);
            DropWriter();
            OpenWriter(OpenMode.CREATE);
        }
    }

    private void OpenWriter(OpenMode mode)
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(SearchAnalyzers.Version, analyzer)
        {
            OpenMode = mode,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 64,
        });
        if (mode == OpenMode.CREATE || !DirectoryReader.IndexExists(_directory))
        {
            _writer.Commit(); // a first (empty) commit, so that searchers can open before the first build
        }

        _position = SearchIndexPosition.Read(DirectoryReader.ListCommits(_directory)[^1].UserData);
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
            logger.LogWarning(e, "Closing the search index writer {Path} failed", path);
        }

        _writer = null;
    }

    private sealed class BM25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }
}
