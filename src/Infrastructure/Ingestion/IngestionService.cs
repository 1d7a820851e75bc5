using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Infrastructure.Sources.HuggingFace;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>
/// The one path from a source to the catalog, shared by the recurring job and the <c>ingest</c> commands:
/// fetch a day, log what was skipped, store each day in its own transaction, record the source's state.
/// </summary>
public sealed class IngestionService(PaperFeedDbContext db, CatalogWriter writer, TimeProvider clock, ILogger<IngestionService> logger)
{
    /// <summary>Fetches and stores one day. Throws <see cref="SourceException"/> (already logged and recorded) when the source fails.</summary>
    public Task<IReadOnlyList<StoredDay>> IngestDayAsync(IPaperSource source, DateOnly day, CancellationToken cancellationToken) =>
        IngestListingAsync(source.Name, source.Name, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), () => source.FetchDayAsync(day, cancellationToken), cancellationToken);

    /// <summary>
    /// Ingests a Hugging Face papers page of a day, week or month: each entry joins the <see cref="SourceNames.HuggingFace"/>
    /// list of the day it was featured, as the API's entries do, so the daily lists merge. The page's state is recorded
    /// under <see cref="SourceNames.HuggingFaceHtml"/>. Throws <see cref="SourceException"/> (already logged and recorded).
    /// </summary>
    public Task<IReadOnlyList<StoredDay>> IngestHuggingFacePageAsync(HuggingFaceHtmlSource source, Period period, CancellationToken cancellationToken) =>
        IngestListingAsync(SourceNames.HuggingFaceHtml, SourceNames.HuggingFace, period.Slug, () => source.FetchPeriodAsync(period, cancellationToken), cancellationToken);

    /// <summary>
    /// Ingests Hugging Face's trending papers as the <see cref="SourceNames.HuggingFaceTrending"/> list of today (UTC),
    /// the day it was fetched: trending has no day of its own.
    /// </summary>
    public Task<IReadOnlyList<StoredDay>> IngestHuggingFaceTrendingAsync(HuggingFaceHtmlSource source, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return IngestListingAsync(
            SourceNames.HuggingFaceTrending, SourceNames.HuggingFaceTrending, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            () => source.FetchTrendingAsync(today, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Ingests every day from <paramref name="from"/> to <paramref name="to"/>, oldest first. A failing day does not stop
    /// the others; the failures are returned (each already logged and recorded) for the caller to report or rethrow.
    /// </summary>
    public async Task<RangeResult> IngestRangeAsync(
        IPaperSource source, DateOnly from, DateOnly to, IProgress<DayProgress>? progress, CancellationToken cancellationToken)
    {
        var stored = new List<StoredDay>();
        var failures = new List<SourceException>();
        var total = to.DayNumber - from.DayNumber + 1;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var number = day.DayNumber - from.DayNumber + 1;
            try
            {
                var days = await IngestDayAsync(source, day, cancellationToken);
                stored.AddRange(days);
                progress?.Report(new DayProgress(number, total, day, days.Sum(d => d.Entries), null));
            }
            catch (SourceException e)
            {
                failures.Add(e);
                progress?.Report(new DayProgress(number, total, day, 0, e));
            }
        }

        return new RangeResult(stored, failures);
    }

    /// <summary>Stores a listing that was read from elsewhere (a saved response), grouped by the day of each entry.</summary>
    public async Task<IReadOnlyList<StoredDay>> StoreAsync(string source, ParsedListing listing, string origin, CancellationToken cancellationToken)
    {
        foreach (var skip in listing.Skipped)
        {
            logger.LogWarning("Skipped entry {Index} ({Id}) of {Source} {Origin}: {Reason}", skip.Index, skip.Id ?? "no id", source, origin, skip.Reason);
        }

        var stored = new List<StoredDay>();
        foreach (var group in listing.Entries.GroupBy(e => e.Date).OrderBy(g => g.Key))
        {
            var result = await writer.StoreDayAsync(source, group.Key, [.. group], cancellationToken);
            logger.LogInformation(
                "Stored {Source} {Day}: {Entries} entries, {NewPapers} new papers, {UpdatedPapers} updated",
                source, result.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), result.Entries, result.NewPapers, result.UpdatedPapers);
            stored.Add(result);
        }

        return stored;
    }

    /// <summary>
    /// Ingests a category's current arXiv announcement: new submissions and cross-lists become the category's list of
    /// the announcement day; replaced papers only get their bibliographic data refreshed. Records the list's state.
    /// </summary>
    public async Task<IReadOnlyList<StoredDay>> IngestArxivAnnouncementAsync(IArxivAnnouncementSource source, string category, CancellationToken cancellationToken)
    {
        var list = ArxivRssSource.ListName(category);
        var fetched = await FetchAsync(list, () => source.FetchAsync(category, cancellationToken), cancellationToken);

        var announced = fetched.Announced.Entries.Select(e => e.Paper.ArxivId).ToHashSet(StringComparer.Ordinal);
        var others = fetched.Papers.Where(p => !announced.Contains(p.ArxivId)).ToList();
        if (others.Count > 0)
        {
            // Replacements of papers the catalog does not have are not news to anyone here: they are not added.
            await writer.StorePapersAsync(others, cancellationToken, onlyKnown: true);
        }

        var stored = await StoreAsync(list, fetched.Announced, category, cancellationToken);
        var day = stored.Count == 0 ? "no announcement" : stored.Max(d => d.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await RecordSuccessAsync(list, day, fetched.Papers.Count, cancellationToken);
        return stored;
    }

    /// <summary>
    /// Ingests the current announcement of each category in turn. A failing category does not stop the others; the
    /// failures are returned (each already logged and recorded on its list's state row).
    /// </summary>
    public async Task<RangeResult> IngestArxivAnnouncementsAsync(IArxivAnnouncementSource source, IEnumerable<string> categories, CancellationToken cancellationToken)
    {
        var stored = new List<StoredDay>();
        var failures = new List<SourceException>();
        foreach (var category in categories)
        {
            try
            {
                stored.AddRange(await IngestArxivAnnouncementAsync(source, category, cancellationToken));
            }
            catch (SourceException e)
            {
                failures.Add(e);
            }
        }

        return new RangeResult(stored, failures);
    }

    /// <summary>
    /// Looks up on arXiv the papers first seen since <paramref name="since"/> that have no arXiv data yet (Hugging Face
    /// brought them), so that they get categories, DOI and journal reference. Records the state under <paramref name="name"/>.
    /// </summary>
    public async Task<(int NewPapers, int UpdatedPapers)> EnrichRecentFromArxivAsync(ArxivApiSource source, string name, DateTime since, CancellationToken cancellationToken)
    {
        var ids = await db.Papers.AsNoTracking()
            .Where(p => !p.HasArxivBibliography && p.FirstSeenAt >= since)
            .OrderByDescending(p => p.FirstSeenAt)
            .Select(p => p.ArxivId)
            .Take(1000)
            .ToListAsync(cancellationToken);
        var result = ids.Count == 0 ? (0, 0) : await FetchAsync(name, () => EnrichFromArxivAsync(source, ids, cancellationToken), cancellationToken);
        await RecordSuccessAsync(name, since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ids.Count, cancellationToken);
        return result;
    }

    /// <summary>
    /// Ingests a category's papers submitted from <paramref name="from"/> to <paramref name="to"/> through the arXiv API:
    /// each becomes part of the category's list of its submission day. Records the list's state.
    /// </summary>
    public async Task<IReadOnlyList<StoredDay>> IngestArxivCategoryAsync(ArxivApiSource source, string category, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var list = ArxivApiSource.SourceName(category);
        var entries = await FetchAsync(list, () => source.CategoryAsync(category, from, to, cancellationToken), cancellationToken);

        var listing = new ParsedListing(
            [.. entries.Where(e => e.Paper.PublishedAt is not null).Select(e => new FeaturedRecord(e.ToRecord(), DateOnly.FromDateTime(e.Paper.PublishedAt!.Value), 0, 0))],
            []);
        var stored = await StoreAsync(list, listing, $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}", cancellationToken);
        await RecordSuccessAsync(list, to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), entries.Count, cancellationToken);
        return stored;
    }

    /// <summary>Asks arXiv about papers another source brought, and merges its bibliographic data into them.</summary>
    public async Task<(int NewPapers, int UpdatedPapers)> EnrichFromArxivAsync(ArxivApiSource source, IReadOnlyList<string> arxivIds, CancellationToken cancellationToken)
    {
        var entries = await source.LookupAsync(arxivIds, cancellationToken);
        return await writer.StorePapersAsync([.. entries.Select(e => e.ToRecord())], cancellationToken);
    }

    /// <summary>Whether any list has been stored yet (first start backfills when not).</summary>
    public Task<bool> HasAnyEntriesAsync(CancellationToken cancellationToken) => db.FeaturedEntries.AnyAsync(cancellationToken);

    /// <summary>
    /// Fetches a listing and stores each of its entries under its own day in <paramref name="list"/>; the fetch's state
    /// is recorded under <paramref name="source"/> with <paramref name="cursor"/>.
    /// </summary>
    private async Task<IReadOnlyList<StoredDay>> IngestListingAsync(string source, string list, string cursor, Func<Task<ParsedListing>> fetch, CancellationToken cancellationToken)
    {
        var listing = await FetchAsync(source, fetch, cancellationToken);
        var stored = await StoreAsync(list, listing, cursor, cancellationToken);
        await RecordSuccessAsync(source, cursor, listing.Entries.Count, cancellationToken);
        return stored;
    }

    /// <summary>Runs a source's fetch; a failure is logged in one line, recorded on the source's state row, and rethrown.</summary>
    private async Task<T> FetchAsync<T>(string source, Func<Task<T>> fetch, CancellationToken cancellationToken)
    {
        try
        {
            return await fetch();
        }
        catch (SourceException e)
        {
            // The message names the source, day, URL and cause; a stack trace adds nothing for an upstream failure.
            logger.LogError("Ingestion failed: {Failure}", e.Describe());
            await RecordFailureAsync(source, e.Describe(), cancellationToken);
            throw;
        }
    }

    private async Task RecordSuccessAsync(string source, string cursor, int items, CancellationToken cancellationToken)
    {
        var state = await GetStateAsync(source, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        state.LastAttemptAt = now;
        state.LastSuccessAt = now;
        state.ItemsSeen = items;
        state.Cursor = cursor;
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task RecordFailureAsync(string source, string error, CancellationToken cancellationToken)
    {
        try
        {
            var state = await GetStateAsync(source, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            state.LastAttemptAt = now;
            state.LastErrorAt = now;
            state.LastError = error.Length > 2000 ? error[..2000] : error;
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // The failure itself is already logged; losing its state row must not hide the original error.
            logger.LogWarning(e, "Could not record the failure of {Source}", source);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<SourceState> GetStateAsync(string source, CancellationToken cancellationToken)
    {
        var state = await db.SourceStates.FindAsync([source], cancellationToken);
        if (state is null)
        {
            state = new SourceState { Source = source };
            db.SourceStates.Add(state);
        }

        return state;
    }
}
