using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>
/// Stores one source's list for one day in one transaction: papers are merged by arXiv id, featured entries are
/// unique per (source, day, paper). Storing the same list again changes nothing but counts.
/// </summary>
public sealed class CatalogWriter(PaperFeedDbContext db, TimeProvider clock, Rendezvous rendezvous)
{
    public async Task<StoredDay> StoreDayAsync(string source, DateOnly day, IReadOnlyList<FeaturedRecord> entries, CancellationToken cancellationToken)
    {
        // The source's own order: the first place a paper takes on the day's list.
        var positions = entries.Where(e => e.Date == day).Select(e => e.Paper.ArxivId).Distinct(StringComparer.Ordinal)
            .Select((id, i) => (id, i + 1)).ToDictionary(x => x.id, x => x.Item2, StringComparer.Ordinal);

        // The same paper twice in one day's list: keep the entry with the newest counts.
        var byId = entries
            .Where(e => e.Date == day)
            .GroupBy(e => e.Paper.ArxivId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(e => e.Upvotes)!)
            .ToList();
        var now = clock.GetUtcNow().UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await CatalogWriteLock.TakeAsync(db, cancellationToken);
        var (papers, added, updated) = await MergePapersAsync([.. byId.Select(e => e.Paper)], now, cancellationToken);

        var paperIds = papers.Values.Select(p => p.Id).ToList();
        var featured = await db.FeaturedEntries
            .Where(f => f.Source == source && f.Date == day && paperIds.Contains(f.PaperId))
            .ToDictionaryAsync(f => f.PaperId, cancellationToken);
        foreach (var entry in byId)
        {
            var paperId = papers[entry.Paper.ArxivId].Id;
            if (!featured.TryGetValue(paperId, out var row))
            {
                row = new FeaturedEntry { Source = source, Date = day, PaperId = paperId };
                db.FeaturedEntries.Add(row);
            }

            var position = positions[entry.Paper.ArxivId];
            if (row.Upvotes != entry.Upvotes || row.Comments != entry.Comments || row.Position != position || row.UpdatedAt == default)
            {
                row.Upvotes = entry.Upvotes;
                row.Comments = entry.Comments;
                row.Position = position;
                row.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await rendezvous.ReachAsync(Rendezvous.DayWritten, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();

        return new StoredDay(source, day, byId.Count, added, updated);
    }

    /// <summary>
    /// Merges papers without putting them on any day's list (arXiv lookups by id that enrich papers another source
    /// brought). One transaction.
    /// </summary>
    /// <param name="onlyKnown">Update the papers the catalog has, and add none (an announcement's replacements refresh what is stored).</param>
    public async Task<(int NewPapers, int UpdatedPapers)> StorePapersAsync(IReadOnlyList<PaperRecord> records, CancellationToken cancellationToken, bool onlyKnown = false)
    {
        var distinct = records.GroupBy(r => r.ArxivId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await CatalogWriteLock.TakeAsync(db, cancellationToken);
        var (_, added, updated) = await MergePapersAsync(distinct, clock.GetUtcNow().UtcDateTime, cancellationToken, onlyKnown);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (added, updated);
    }

    /// <summary>Finds or creates each paper by arXiv id, merges the records in (<see cref="PaperMerge"/>) and saves.</summary>
    private async Task<(Dictionary<string, Paper> Papers, int Added, int Updated)> MergePapersAsync(IReadOnlyList<PaperRecord> records, DateTime now, CancellationToken cancellationToken, bool onlyKnown = false)
    {
        var ids = records.Select(r => r.ArxivId).ToList();
        var papers = await db.Papers.Where(p => ids.Contains(p.ArxivId)).ToDictionaryAsync(p => p.ArxivId, StringComparer.Ordinal, cancellationToken);
        var added = 0;
        foreach (var record in records)
        {
            if (!papers.TryGetValue(record.ArxivId, out var paper))
            {
                if (onlyKnown)
                {
                    continue;
                }

                paper = new Paper { ArxivId = record.ArxivId, Title = record.Title, FirstSeenAt = now, UpdatedAt = now };
                db.Papers.Add(paper);
                papers.Add(paper.ArxivId, paper);
                added++;
            }

            PaperMerge.Apply(paper, record);
        }

        db.ChangeTracker.DetectChanges();
        var updated = 0;
        foreach (var paper in papers.Values.Where(p => db.Entry(p).State == EntityState.Modified))
        {
            paper.UpdatedAt = now;
            updated++;
        }

        var newAuthors = papers.Values.Where(p => db.Entry(p).State == EntityState.Added || db.Entry(p).Property(x => x.Authors).IsModified).ToList();
        await db.SaveChangesAsync(cancellationToken);
        await AuthorRows.ReplaceAsync(db, newAuthors, cancellationToken);
        return (papers, added, updated);
    }
}
