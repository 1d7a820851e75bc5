using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Web.Queries;

/// <summary>Whole papers of a period's list, for feeds and the JSON API (the pages use the lighter <see cref="PaperListings"/>).</summary>
public sealed class CatalogQueries(PaperFeedDbContext db)
{
    /// <param name="submitter">Only the papers that this Hugging Face user put on the list (any case), or null for all.</param>
    public async Task<IReadOnlyList<CatalogEntry>> PeriodAsync(ListKey list, Period period, ListSort sort, int skip, int take, CancellationToken cancellationToken, string? submitter = null)
    {
        var ranked = db.Ranked(list, period);
        if (submitter is not null)
        {
            var lower = submitter.ToLowerInvariant();
            ranked = ranked.Where(x => x.Paper.Submitter != null && x.Paper.Submitter.ToLower() == lower);
        }

        var rows = await ranked.OrderBy(sort).Skip(skip).Take(take).AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.Select(r => new CatalogEntry(r.Paper, r.Upvotes, r.Comments, r.FirstDay))];
    }

    /// <summary>The newest papers an organization claimed on Hugging Face (by its handle), with their counts on Hugging Face's list.</summary>
    public Task<IReadOnlyList<CatalogEntry>> OrganizationAsync(string handle, int take, CancellationToken cancellationToken) =>
        NewestAsync(db.Papers.Where(p => p.OrganizationHandle == handle), take, cancellationToken);

    /// <summary>The newest papers of an author (by <see cref="AuthorName.Key"/>), with their counts on Hugging Face's list.</summary>
    public Task<IReadOnlyList<CatalogEntry>> AuthorAsync(string key, int take, CancellationToken cancellationToken) =>
        NewestAsync(db.Papers.Where(p => db.PaperAuthors.Any(a => a.PaperId == p.Id && a.Key == key)), take, cancellationToken);

    private async Task<IReadOnlyList<CatalogEntry>> NewestAsync(IQueryable<Paper> papers, int take, CancellationToken cancellationToken)
    {
        var ids = await papers
            .OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id)
            .Select(p => p.ArxivId)
            .Take(take)
            .ToListAsync(cancellationToken);
        return await ByIdsAsync(ListKey.HuggingFace, ids, cancellationToken);
    }

    /// <summary>Papers by arXiv id, with their best counts on the list, in the order given.</summary>
    public async Task<IReadOnlyList<CatalogEntry>> ByIdsAsync(ListKey list, IReadOnlyList<string> arxivIds, CancellationToken cancellationToken)
    {
        // Two plain indexed queries, cached by EF: it sends each list as one parameter per item (EF Core 10's default,
        // padded to few shapes). Lists inlined as constants cost a query compilation on every call (~130 ms).
        var papers = await db.Papers.AsNoTracking().Where(p => arxivIds.Contains(p.ArxivId)).ToListAsync(cancellationToken);
        var ids = papers.Select(p => p.Id).ToList();
        // By paper id, and the source picked here: with "Source = …" in SQL, SQLite walks the (Source, Date, PaperId)
        // index over the whole source (110 ms on a million papers) instead of looking up 50 papers.
        var featured = await db.FeaturedEntries.AsNoTracking()
            .Where(f => ids.Contains(f.PaperId))
            .Select(f => new { f.PaperId, f.Source, f.Upvotes, f.Comments, f.Date })
            .ToListAsync(cancellationToken);
        var counts = featured.Where(f => f.Source == list.Name)
            .GroupBy(f => f.PaperId)
            .ToDictionary(g => g.Key, g => new { Upvotes = g.Max(f => f.Upvotes), Comments = g.Max(f => f.Comments), Day = g.Max(f => f.Date) });
        var byId = papers.ToDictionary(p => p.ArxivId, StringComparer.Ordinal);
        return [.. arxivIds.Where(byId.ContainsKey).Select(id => byId[id]).Select(p => counts.TryGetValue(p.Id, out var c)
            ? new CatalogEntry(p, c.Upvotes, c.Comments, c.Day)
            : new CatalogEntry(p, 0, 0, null))];
    }
}
