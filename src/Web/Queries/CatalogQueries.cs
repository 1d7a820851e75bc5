using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Listing;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Web.Queries;

/// <summary>Whole papers of a period's list, for feeds and the JSON API (the pages use the lighter <see cref="PaperListings"/>).</summary>
public sealed class CatalogQueries(PaperFeedDbContext db)
{
    public async Task<IReadOnlyList<CatalogEntry>> PeriodAsync(string source, Period period, ListSort sort, int skip, int take, CancellationToken cancellationToken)
    {
        var (start, end) = (period.Start, period.End);
        var totals = db.FeaturedEntries
            .Where(f => f.Source == source && f.Date >= start && f.Date <= end)
            .GroupBy(f => f.PaperId)
            .Select(g => new { PaperId = g.Key, Upvotes = g.Max(f => f.Upvotes), Comments = g.Max(f => f.Comments), Day = g.Min(f => f.Date) });
        var joined = totals.Join(db.Papers, t => t.PaperId, p => p.Id, (t, p) => new { t.Upvotes, t.Comments, t.Day, Paper = p });
        var ordered = sort == ListSort.Newest
            ? joined.OrderByDescending(x => x.Paper.PublishedAt).ThenByDescending(x => x.Upvotes).ThenBy(x => x.Paper.ArxivId)
            : joined.OrderByDescending(x => x.Upvotes).ThenByDescending(x => x.Comments).ThenBy(x => x.Paper.ArxivId);
        var rows = await ordered.Skip(skip).Take(take).AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.Select(r => new CatalogEntry(r.Paper, r.Upvotes, r.Comments, r.Day))];
    }

    /// <summary>Papers by arXiv id, with their best counts on the source's list, in the order given.</summary>
    public async Task<IReadOnlyList<CatalogEntry>> ByIdsAsync(string source, IReadOnlyList<string> arxivIds, CancellationToken cancellationToken)
    {
        var rows = await db.Papers.AsNoTracking()
            .Where(p => arxivIds.Contains(p.ArxivId))
            .Select(p => new
            {
                Paper = p,
                Upvotes = p.Featured.Where(f => f.Source == source).Max(f => (int?)f.Upvotes) ?? 0,
                Comments = p.Featured.Where(f => f.Source == source).Max(f => (int?)f.Comments) ?? 0,
                Day = p.Featured.Where(f => f.Source == source).Max(f => (DateOnly?)f.Date),
            })
            .ToListAsync(cancellationToken);
        var byId = rows.ToDictionary(r => r.Paper.ArxivId, StringComparer.Ordinal);
        return [.. arxivIds.Where(byId.ContainsKey).Select(id => byId[id]).Select(r => new CatalogEntry(r.Paper, r.Upvotes, r.Comments, r.Day ?? DateOnly.FromDateTime(r.Paper.FirstSeenAt)))];
    }
}
