using PaperFeed.Core.Listing;

namespace PaperFeed.Infrastructure.Data;

/// <summary>One ranking of a period's list for the pages, the feeds, the API and the digests alike.</summary>
public static class RankedPapers
{
    /// <summary>Every paper on <paramref name="list"/> in <paramref name="period"/>, once, with its best counts.</summary>
    public static IQueryable<RankedPaper> Ranked(this PaperFeedDbContext db, ListKey list, Period period) =>
        db.PeriodTotals(list.Name, period.Start, period.End).Join(
            db.Papers,
            t => t.PaperId,
            p => p.Id,
            (t, p) => new RankedPaper { Paper = p, Upvotes = t.Upvotes, Comments = t.Comments, Position = t.Position, FirstDay = t.FirstDay });

    /// <summary>By upvotes (then comments), by arXiv publication time, or in the source's own order; ties by arXiv id.</summary>
    public static IOrderedQueryable<RankedPaper> OrderBy(this IQueryable<RankedPaper> papers, ListSort sort) => sort switch
    {
        ListSort.Newest => papers.OrderByDescending(x => x.Paper.PublishedAt).ThenByDescending(x => x.Upvotes).ThenBy(x => x.Paper.ArxivId),
        ListSort.Source => papers.OrderBy(x => x.Position ?? int.MaxValue).ThenByDescending(x => x.Upvotes).ThenBy(x => x.Paper.ArxivId),
        _ => papers.OrderByDescending(x => x.Upvotes).ThenByDescending(x => x.Comments).ThenBy(x => x.Paper.ArxivId),
    };
}
