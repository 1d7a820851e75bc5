using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Web.Queries;

/// <summary>A paper of a period's list with its counts (see <see cref="PeriodTotalsQuery"/>): what the pages, feeds and API rank.</summary>
/// <remarks>Init properties, not a positional record: EF Core composes member-initialized projections into larger queries.</remarks>
public sealed class RankedPaper
{
    public required Paper Paper { get; init; }

    public int Upvotes { get; init; }

    public int Comments { get; init; }

    public int? Position { get; init; }

    public DateOnly FirstDay { get; init; }
}

/// <summary>One ranking of a period's list for the pages, the feeds and the API alike.</summary>
public static class RankedPapers
{
    /// <summary>Every paper on <paramref name="source"/>'s list in <paramref name="period"/>, once, with its best counts.</summary>
    public static IQueryable<RankedPaper> Ranked(this PaperFeedDbContext db, string source, Period period) =>
        db.PeriodTotals(source, period.Start, period.End).Join(
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
