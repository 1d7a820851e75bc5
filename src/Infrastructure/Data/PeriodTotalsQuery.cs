namespace PaperFeed.Infrastructure.Data;

public static class PeriodTotalsQuery
{
    /// <summary>
    /// One row per paper featured between <paramref name="start"/> and <paramref name="end"/> on <paramref name="source"/>'s
    /// list, composable into larger queries. Upvotes are running totals on Hugging Face, so a period takes the highest
    /// count it saw, never a sum (which would count the same votes again). Lists, feeds, the API and digests all rank by it.
    /// </summary>
    public static IQueryable<PeriodTotal> PeriodTotals(this PaperFeedDbContext db, string source, DateOnly start, DateOnly end) =>
        db.FeaturedEntries
            .Where(f => f.Source == source && f.Date >= start && f.Date <= end)
            .GroupBy(f => f.PaperId)
            .Select(g => new PeriodTotal { PaperId = g.Key, Upvotes = g.Max(f => f.Upvotes), Comments = g.Max(f => f.Comments), FirstDay = g.Min(f => f.Date), Position = g.Min(f => f.Position) });
}
