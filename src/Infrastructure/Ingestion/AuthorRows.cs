using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>
/// The <see cref="PaperAuthor"/> rows that author pages read: written with a paper's authors in the transaction that
/// stores them, and, for a catalog stored before the rows existed, filled in once when a process starts.
/// </summary>
public static class AuthorRows
{
    private const int Batch = 1000;

    /// <summary>Replaces the author rows of <paramref name="papers"/> (saved, so with ids) with their current authors.</summary>
    public static async Task ReplaceAsync(PaperFeedDbContext db, IReadOnlyCollection<Paper> papers, CancellationToken cancellationToken)
    {
        if (papers.Count == 0)
        {
            return;
        }

        var ids = papers.Select(p => p.Id).ToList();
        await db.PaperAuthors.Where(a => ids.Contains(a.PaperId)).ExecuteDeleteAsync(cancellationToken);
        db.PaperAuthors.AddRange(papers.SelectMany(Rows));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Once per database (<see cref="DataStep.AuthorRows"/>): writes the rows of every paper that has none (a catalog
    /// from before author pages), a batch at a time, each batch under the catalog's write lock so that processes
    /// starting together do not both write it; a crash midway leaves the step to run again.
    /// </summary>
    public static async Task FillInAsync(PaperFeedDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        if (await db.DataSteps.AnyAsync(s => s.Name == DataStep.AuthorRows, cancellationToken))
        {
            return;
        }

        var last = 0;
        var filled = 0;
        var batches = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await CatalogWriteLock.TakeAsync(db, cancellationToken);
            var papers = await db.Papers.AsNoTracking()
                .Where(p => p.Id > last && !db.PaperAuthors.Any(a => a.PaperId == p.Id))
                .OrderBy(p => p.Id)
                .Take(Batch)
                .Select(p => new Paper { Id = p.Id, ArxivId = p.ArxivId, Title = "", Authors = p.Authors })
                .ToListAsync(cancellationToken);
            if (papers.Count == 0)
            {
                break;
            }

            db.PaperAuthors.AddRange(papers.SelectMany(Rows));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            last = papers[^1].Id;
            filled += papers.Count(p => p.Authors.Count > 0);
            if (++batches % 50 == 0)
            {
                logger.LogInformation("Author pages: indexed the authors of {Count} papers stored before them so far", filled);
            }
        }

        if (filled > 0)
        {
            logger.LogInformation("Author pages: indexed the authors of {Count} papers stored before them", filled);
        }

        db.DataSteps.Add(new DataStep { Name = DataStep.AuthorRows, CompletedAt = DateTime.UtcNow });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Another process starting at the same time recorded it first.
        }

        db.ChangeTracker.Clear();
    }

    private static IEnumerable<PaperAuthor> Rows(Paper paper) =>
        paper.Authors.Select((name, i) => new PaperAuthor { PaperId = paper.Id, Position = i, Name = name, Key = AuthorName.Key(name) });
}
