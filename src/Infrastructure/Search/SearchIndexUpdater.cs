using System.Globalization;
using Lucene.Net.Index;
using Microsoft.Extensions.Logging;

namespace PaperFeed.Infrastructure.Search;

/// <summary>Brings the owned search index up to the change log: applies its entries in batches, or rebuilds from every paper.</summary>
/// <remarks>Each batch is committed with how far it got; an update that fails is rolled back, never committed half-done.</remarks>
internal sealed class SearchIndexUpdater(SearchIndexFiles files, ISearchChangeLog log, ILogger logger)
{
    private const int Batch = 5_000; // log entries applied per commit
    private const int ReportEvery = 10_000; // papers between a rebuild's progress reports

    // One update or rebuild at a time. A semaphore, not a lock: the work awaits the database between writes, and a
    // search's catch-up gives up after waiting a moment for it. What the work shares with searches (the writer, the
    // searchers, the position) is guarded by SearchIndexFiles' lock.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Whether the index must be built from the papers rather than from the log entries after <paramref name="applied"/>.</summary>
    public static bool NeedsRebuild(long applied, SearchLogState state) =>
        applied < 0 || state.First > applied + 1 || state.Latest < applied;

    /// <summary>Applies the log (or rebuilds); false when another update did not finish within <paramref name="wait"/>.</summary>
    public async Task<bool> UpdateAsync(TimeSpan wait, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(wait, cancellationToken))
        {
            return false;
        }

        try
        {
            await ApplyLogAsync(progress, cancellationToken);
            return true;
        }
        catch
        {
            files.RollBack(); // drops the uncommitted work, so that it never reaches a commit
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Rebuilds the index from every stored paper. Reports and returns the papers indexed.</summary>
    public async Task<int> RebuildAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
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

    private async Task ApplyLogAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var (applied, catalog) = files.Position;
        var state = await log.StateAsync(cancellationToken);
        if (NeedsRebuild(applied, state) || state.Catalog != catalog)
        {
            // A new index, another schema, a log pruned past what this index applied, or an index of another database
            // (a reset, or a copy restored from a backup): start from the papers.
            await RebuildIndexAsync(progress, cancellationToken);
            return;
        }

        while (true)
        {
            var changes = await log.ChangesAfterAsync(applied, Batch, cancellationToken);
            if (changes.Count == 0)
            {
                return;
            }

            var ids = changes.Select(c => c.PaperId).Distinct().ToList();
            var documents = await log.DocumentsAsync(ids, cancellationToken);
            var writer = files.Writer!;
            foreach (var id in ids)
            {
                var key = new Term(SearchFields.Id, id.ToString(CultureInfo.InvariantCulture));
                if (documents.TryGetValue(id, out var document))
                {
                    writer.UpdateDocument(key, document);
                }
                else
                {
                    writer.DeleteDocuments(key);
                }
            }

            applied = changes[^1].Seq;
            files.Commit(applied, state.Catalog);
            progress?.Report(ids.Count);
        }
    }

    private async Task<int> RebuildIndexAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        // Changes stored while the papers are read have a later number than this and are applied again afterwards.
        var state = await log.StateAsync(cancellationToken);
        logger.LogInformation("Rebuilding the search index {Path}", files.Path);
        var writer = files.Writer!;
        writer.DeleteAll();
        var count = 0;
        await foreach (var document in log.AllDocumentsAsync(cancellationToken))
        {
            writer.AddDocument(document);
            if (++count % ReportEvery == 0)
            {
                progress?.Report(count);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        writer.ForceMerge(1); // one segment searches fastest; later changes add small segments that merge as usual
        files.Commit(state.Latest, state.Catalog);
        if (count % ReportEvery != 0)
        {
            progress?.Report(count);
        }

        logger.LogInformation("Search index rebuilt: {Count} papers", count);
        return count;
    }
}
