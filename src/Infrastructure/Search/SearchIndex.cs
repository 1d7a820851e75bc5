using Lucene.Net.Analysis;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;

namespace PaperFeed.Infrastructure.Search;

/// <summary>The Lucene index of the catalog, in <c>{DataDirectory}/search-index</c>: a copy that can always be rebuilt from the database.</summary>
/// <remarks>
/// Triggers append every change of a paper to the change log (<see cref="ISearchChangeLog"/>), whichever process made
/// it; the index applies the log in order (<see cref="SearchIndexUpdater"/>) and records in each commit how far it got
/// and which database it belongs to, so a crash or a restart resumes where the last commit ended. One process owns the
/// index (<see cref="SearchIndexOwnership"/>); another process that opens it (an operator command while the app runs)
/// only reads it, and takes it over once the owner has gone (<see cref="SearchIndexFiles"/>). Work that fails is rolled
/// back, never committed half-done: the last commit stays what searches see.
/// </remarks>
public sealed class SearchIndex : IDisposable
{
    private readonly ISearchChangeLog _log;
    private readonly ILogger<SearchIndex> _logger;
    private readonly SearchIndexFiles _files;
    private readonly SearchIndexUpdater _updater;

    public SearchIndex(DataPaths paths, ISearchChangeLog log, ILogger<SearchIndex> logger)
    {
        _log = log;
        _logger = logger;
        Analyzer = SearchAnalyzers.Create();
        _files = new SearchIndexFiles(Path.Combine(paths.DataDirectory, "search-index"), Analyzer, logger);
        _updater = new SearchIndexUpdater(_files, log, logger);
    }

    internal Analyzer Analyzer { get; }

    /// <summary>Whether this process owns the index (and keeps it current) or only reads what the owner wrote.</summary>
    public bool IsOwner => _files.Writer is not null;

    /// <summary>Why this process cannot write the index: which process holds it, and what to do.</summary>
    public string WhyNotOwner => _files.Holder() is not { } holder
        ? $"the search index ({_files.Path}) is in use by a running PaperFeed, which keeps it up to date; stop that process to rebuild it by hand"
        : _files.HeldByRebuild()
            ? $"the search index ({_files.Path}) is in use by a running PaperFeed ({holder}), which is rebuilding it; wait for it to finish"
            : $"the search index ({_files.Path}) is in use by a running PaperFeed ({holder}), which keeps it up to date; stop that process to rebuild it by hand";

    /// <summary>
    /// Applies the changes waiting in the log when there are at most <paramref name="maxBacklog"/> of them, so that a
    /// search sees what was just stored. Returns false when the index is behind by more (a rebuild or a large import
    /// is under way in the background) or could not be updated: searches then answer from what is indexed so far.
    /// </summary>
    public async Task<bool> CatchUpAsync(int maxBacklog, CancellationToken cancellationToken)
    {
        if (!IsOwner)
        {
            Refresh();
            return true;
        }

        try
        {
            var state = await _log.StateAsync(cancellationToken);
            var (applied, catalog) = _files.Position;
            if (applied == state.Latest && state.Catalog == catalog)
            {
                return true;
            }

            var rebuild = SearchIndexUpdater.NeedsRebuild(applied, state);
            _files.MarkForeign(state.Catalog != catalog || state.Latest < applied);
            var backlog = rebuild ? await _log.PaperCountAsync(cancellationToken) : state.Latest - applied;
            return backlog <= maxBacklog && await _updater.UpdateAsync(TimeSpan.FromSeconds(2), null, cancellationToken);
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
        if (_files.TryTakeOver())
        {
            await _updater.UpdateAsync(Timeout.InfiniteTimeSpan, progress, cancellationToken);
        }
        else
        {
            Refresh();
        }
    }

    /// <summary>Rebuilds the index from every stored paper (the operator's <c>search rebuild</c>). Reports papers indexed.</summary>
    public async Task<int> RebuildAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (!IsOwner)
        {
            throw new InvalidOperationException(WhyNotOwner);
        }

        return await _updater.RebuildAsync(progress, cancellationToken);
    }

    /// <summary>
    /// Forgets log entries that this index applied more than <paramref name="age"/> ago, except the newest: it keeps
    /// the log's numbering, so that an empty log is never taken for a database restored from an older copy.
    /// </summary>
    public async Task PruneAsync(TimeSpan age, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var applied = _files.Position.Applied;
        if (applied > 0 && IsOwner)
        {
            await _log.PruneAsync(applied, now - age, cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="search"/> on the latest committed state of the index: null before the first commit, and
    /// while the index belongs to another database (a reset or restored catalog), whose ids would name other papers.
    /// </summary>
    internal T Search<T>(Func<IndexSearcher?, T> search)
    {
        for (var attempt = 0; ; attempt++)
        {
            var searchers = _files.Searchers;
            if (searchers is null)
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
        _files.Dispose();
        Analyzer.Dispose();
    }

    /// <summary>A reader's searchers pick up what the owner has committed since.</summary>
    private void Refresh()
    {
        try
        {
            _files.Searchers?.MaybeRefresh();
        }
        catch (ObjectDisposedException)
        {
            // A take-over replaced them meanwhile, with searchers on the latest commit.
        }
    }
}
