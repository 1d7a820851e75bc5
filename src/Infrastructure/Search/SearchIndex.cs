using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// The Lucene index of the catalog, in <c>{DataDirectory}/search-index</c>: a copy that can always be rebuilt from the
/// database. Triggers append every change of a paper to the <c>SearchChanges</c> log, whichever process made it; the
/// index applies the log in order and records in each commit how far it got, so a crash or a restart resumes where
/// the last commit ended. One process owns the index (an exclusive lock on <c>search-index.lock</c>: Lucene's own
/// write lock does not exclude other processes on Linux); another process that opens it (an operator command while
/// the app runs) only reads it.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    /// <summary>Bump when documents change shape: an index written by another schema is rebuilt.</summary>
    private const string Schema = "2"; // 2: categories in lower case
    private const string SeqKey = "seq";
    private const string SchemaKey = "schema";
    private const string CatalogKey = "catalog";

    private readonly string _path;
    private readonly string _connectionString;
    private readonly ILogger<SearchIndex> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Threading.Lock _opening = new();
    private readonly string _lockPath;
    private FileStream? _ownership;
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private long _applied = -1; // the last change log entry in the index; -1 until the index was (re)built
    private string? _catalog; // the database the index was built from (SearchCatalog.Id)
    private bool _opened;

    public SearchIndex(DataPaths paths, ILogger<SearchIndex> logger)
    {
        _path = Path.Combine(paths.DataDirectory, "search-index");
        _lockPath = _path + ".lock";
        _connectionString = paths.CatalogConnectionString;
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
    /// is under way in the background): searches then answer from what is indexed so far.
    /// </summary>
    public async Task<bool> CatchUpAsync(int maxBacklog, CancellationToken cancellationToken)
    {
        Open();
        if (_writer is null)
        {
            _searchers?.MaybeRefresh();
            return true;
        }

        await using var connection = await ConnectAsync(cancellationToken);
        var (catalog, latest) = await CatalogStateAsync(connection, cancellationToken);
        var applied = Volatile.Read(ref _applied);
        if (applied == latest && catalog == Volatile.Read(ref _catalog))
        {
            return true;
        }

        if (catalog != Volatile.Read(ref _catalog) || latest < applied)
        {
            applied = -1; // another database, or this one restored from an older copy: the index must be rebuilt
        }

        var backlog = applied < 0 ? await ScalarAsync(connection, "SELECT COUNT(*) FROM Papers", cancellationToken) : latest - applied;
        if (backlog > maxBacklog || !await _gate.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken))
        {
            return false;
        }

        try
        {
            await ApplyAsync(connection, null, cancellationToken);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Brings the index up to date however far behind it is (the background worker's loop).</summary>
    public async Task UpdateAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        Open();
        if (_writer is null)
        {
            _searchers?.MaybeRefresh();
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await ConnectAsync(cancellationToken);
            await ApplyAsync(connection, progress, cancellationToken);
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
            await using var connection = await ConnectAsync(cancellationToken);
            return await RebuildAsync(connection, progress, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets log entries that this index applied more than <paramref name="age"/> ago.</summary>
    public async Task PruneAsync(TimeSpan age, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var applied = Volatile.Read(ref _applied);
        if (_writer is null || applied <= 0)
        {
            return;
        }

        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM SearchChanges WHERE Seq <= $applied AND ChangedAt < $before";
        command.Parameters.AddWithValue("$applied", applied);
        command.Parameters.AddWithValue("$before", (now - age).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="search"/> on the latest committed state of the index (null before the first commit).</summary>
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

        if (_searchers is null)
        {
            return search(null);
        }

        var searcher = _searchers.Acquire();
        try
        {
            return search(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        _searchers?.Dispose();
        _writer?.Dispose();
        _ownership?.Dispose();
        _directory?.Dispose();
        Analyzer.Dispose();
        _gate.Dispose();
    }

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
            try
            {
                _ownership = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                _logger.LogInformation("Search index {Path} is owned by another process; this one only reads it", _path);
            }

            try
            {
                _directory = FSDirectory.Open(_path);
                if (_ownership is not null)
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
                _ownership?.Dispose();
                _ownership = null;
                throw;
            }

            Volatile.Write(ref _opened, true);
        }
    }

    /// <summary>Opens the index to write and read; an index that cannot be read is a copy, so it is started anew.</summary>
    private void OpenOwned()
    {
        try
        {
            OpenWriter();
            _searchers = new SearcherManager(_directory, new BM25SearcherFactory());
        }
        catch (Exception e) when (e is not LockObtainFailedException && e is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException)
        {
            _logger.LogWarning(e, "Search index {Path} is unreadable; starting a new one, which is built from the database", _path);
            _searchers?.Dispose();
            _searchers = null;
            try
            {
                _writer?.Dispose();
            }
            catch (IOException)
            {
                // a writer of a broken index may fail to close: it is deleted next
            }

            _writer = null;
            _directory!.Dispose();
            System.IO.Directory.Delete(_path, recursive: true);
            System.IO.Directory.CreateDirectory(_path);
            _directory = FSDirectory.Open(_path);
            OpenWriter();
            _searchers = new SearcherManager(_directory, new BM25SearcherFactory());
        }
    }

    /// <summary>Opens what the owning process committed, once there is a commit.</summary>
    private void OpenReadOnly()
    {
        if (_searchers is null && DirectoryReader.IndexExists(_directory))
        {
            _searchers = new SearcherManager(_directory, new BM25SearcherFactory());
        }
    }

    private void OpenWriter()
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(SearchAnalyzers.Version, Analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 64,
        });
        var data = DirectoryReader.IndexExists(_directory) ? DirectoryReader.ListCommits(_directory)[^1].UserData : null;
        _applied = data is not null && data.TryGetValue(SchemaKey, out var schema) && schema == Schema
            && data.TryGetValue(SeqKey, out var seq) ? long.Parse(seq, CultureInfo.InvariantCulture) : -1;
        _catalog = data is not null && data.TryGetValue(CatalogKey, out var catalog) ? catalog : null;
        if (!DirectoryReader.IndexExists(_directory))
        {
            _writer.Commit(); // an empty first commit, so that searchers can open before the first build
        }
    }

    private async Task ApplyAsync(SqliteConnection connection, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var applied = Volatile.Read(ref _applied);
        var first = await ScalarAsync(connection, "SELECT COALESCE(MIN(Seq), 0) FROM SearchChanges", cancellationToken);
        var (catalog, latest) = await CatalogStateAsync(connection, cancellationToken);
        if (applied < 0 || first > applied + 1 || latest < applied || catalog != Volatile.Read(ref _catalog))
        {
            // A new index, another schema, a log pruned past what this index applied, or an index of another database
            // (a reset, or a copy restored from a backup): start from the papers.
            await RebuildAsync(connection, progress, cancellationToken);
            return;
        }

        const int batch = 5_000;
        while (true)
        {
            var changes = new List<(long Seq, int PaperId)>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT Seq, PaperId FROM SearchChanges WHERE Seq > $applied ORDER BY Seq LIMIT $batch";
                command.Parameters.AddWithValue("$applied", applied);
                command.Parameters.AddWithValue("$batch", batch);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    changes.Add((reader.GetInt64(0), reader.GetInt32(1)));
                }
            }

            if (changes.Count == 0)
            {
                return;
            }

            var ids = changes.Select(c => c.PaperId).Distinct().ToList();
            var documents = await SearchDocuments.ByIdsAsync(connection, ids, cancellationToken);
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
            Commit(applied, catalog);
            progress?.Report(ids.Count);
        }
    }

    private async Task<int> RebuildAsync(SqliteConnection connection, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        // Changes stored while the papers are read have a later number than this and are applied again afterwards.
        var (catalog, latest) = await CatalogStateAsync(connection, cancellationToken);
        _logger.LogInformation("Rebuilding the search index {Path}", _path);
        _writer!.DeleteAll();
        var count = 0;
        await foreach (var (_, document) in SearchDocuments.AllAsync(connection, cancellationToken))
        {
            _writer.AddDocument(document);
            if (++count % 10_000 == 0)
            {
                progress?.Report(count);
            }
        }

        _writer.ForceMerge(1); // one segment searches fastest; later changes add small segments that merge as usual
        Commit(latest, catalog);
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
        _searchers!.MaybeRefreshBlocking();
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Which database this is, and the last entry of its change log.</summary>
    private static async Task<(string Catalog, long Latest)> CatalogStateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT Id FROM SearchCatalog LIMIT 1), (SELECT COALESCE(MAX(Seq), 0) FROM SearchChanges)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetInt64(1));
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private sealed class BM25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
    }
}
