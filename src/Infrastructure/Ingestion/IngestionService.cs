using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>
/// The one path from a source to the catalog, shared by the recurring jobs, the first-start backfill and every
/// <c>ingest</c> command: ask the source, then store each unit it returns (each day in its own transaction), log every
/// skipped entry, and record the unit's state row; a failed unit is logged once and recorded, and the others go on.
/// </summary>
public sealed class IngestionService(PaperFeedDbContext db, CatalogWriter writer, SourceStates states, ILogger<IngestionService> logger)
{
    /// <summary>Runs <paramref name="query"/> on <paramref name="source"/> and stores what it returns, unit by unit.</summary>
    public async Task<IngestionReport> RunAsync(IPaperSource source, SourceQuery query, IProgress<UnitProgress>? progress, CancellationToken cancellationToken)
    {
        var stored = new List<StoredUnit>();
        var failures = new List<SourceException>();
        await foreach (var result in source.FetchAsync(query, cancellationToken))
        {
            if (result.Failure is { } failure)
            {
                // The message names the source, day, URL and cause; a stack trace adds nothing for an upstream failure.
                logger.LogError("Ingestion failed: {Failure}", failure.Describe());
                if (result.StateKey is { } key)
                {
                    await states.RecordFailureAsync(key, failure.Describe(), cancellationToken);
                }

                failures.Add(failure);
                progress?.Report(new UnitProgress(result.Number, result.Total, result.Label, null, failure));
                continue;
            }

            var unit = await StoreAsync(result.Unit!, cancellationToken);
            stored.Add(unit);
            progress?.Report(new UnitProgress(result.Number, result.Total, result.Label, unit, null));
        }

        return new IngestionReport(stored, failures);
    }

    /// <summary>Stores one unit: refreshes, papers, then each day of its list in its own transaction; then its state row.</summary>
    public async Task<StoredUnit> StoreAsync(IngestionUnit unit, CancellationToken cancellationToken)
    {
        var list = unit.List?.Name ?? "catalog";
        foreach (var skip in unit.Skipped)
        {
            logger.LogWarning("Skipped entry {Index} ({Id}) of {Source} {Origin}: {Reason}", skip.Index, skip.Id ?? "no id", list, unit.Origin, skip.Reason);
        }

        if (unit.Refreshes.Count > 0)
        {
            // Replacements of papers the catalog does not have are not news to anyone here: they are not added.
            await writer.StorePapersAsync(unit.Refreshes, cancellationToken, onlyKnown: true);
        }

        var (added, updated) = unit.Papers.Count > 0 ? await writer.StorePapersAsync(unit.Papers, cancellationToken) : (0, 0);
        var days = new List<StoredDay>();
        if (unit.List is { } key)
        {
            foreach (var group in unit.Entries.GroupBy(e => e.Date).OrderBy(g => g.Key))
            {
                var day = await writer.StoreDayAsync(key.Name, group.Key, [.. group], cancellationToken);
                logger.LogInformation(
                    "Stored {Source} {Day}: {Entries} entries, {NewPapers} new papers, {UpdatedPapers} updated",
                    day.Source, day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Entries, day.NewPapers, day.UpdatedPapers);
                days.Add(day);
            }
        }

        if (unit.StateKey is { } state)
        {
            await states.RecordSuccessAsync(state, unit.Cursor, unit.ItemsSeen, cancellationToken);
        }

        return new StoredUnit(days, added, updated, unit.Skipped.Count);
    }

    /// <summary>Whether any list has been stored yet (first start backfills when not).</summary>
    public Task<bool> HasAnyEntriesAsync(CancellationToken cancellationToken) => db.FeaturedEntries.AnyAsync(cancellationToken);
}
