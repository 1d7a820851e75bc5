using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Thumbnails;

namespace PaperFeed.Web.Queries;

/// <summary>Reads the list pages: one SQL query per page, navigation included.</summary>
public sealed class PaperListings(PaperFeedDbContext db, ThumbnailCache thumbnails)
{
    /// <summary>
    /// A day is one page, as on Hugging Face: Hugging Face features up to about 50 papers a day and an arXiv category
    /// announces up to a few hundred, so only a day past this bound gets a second page (and says so).
    /// </summary>
    public const int DayPageSize = 200;

    /// <summary>Weeks and months are paged.</summary>
    public const int PeriodPageSize = 30;

    public static int PageSizeOf(PeriodKind kind) => kind == PeriodKind.Day ? DayPageSize : PeriodPageSize;

    /// <summary>The latest day that has papers on the list, or null when nothing was ingested yet.</summary>
    public Task<DateOnly?> LatestDayAsync(ListKey list, CancellationToken cancellationToken) =>
        db.FeaturedEntries.Where(f => f.Source == list.Name).MaxAsync(f => (DateOnly?)f.Date, cancellationToken);

    /// <summary>
    /// One page of a period's list; over a week or a month a paper appears once (see <see cref="PeriodTotalsQuery"/>).
    /// With <paramref name="category"/>, only the papers arXiv lists in that category.
    /// </summary>
    public async Task<PaperList> GetAsync(ListKey list, Period period, ListSort sort, int page, CancellationToken cancellationToken, string? category = null)
    {
        page = Math.Max(1, page);
        var pageSize = PageSizeOf(period.Kind);
        var (start, end) = (period.Start, period.End);
        var days = Days(list, category); // the days that have papers on this list (in this category)
        var joined = db.Ranked(list, period);
        if (category is not null)
        {
            var lower = category.ToLowerInvariant(); // cs.cl finds cs.CL
            joined = joined.Where(x => x.Paper.Categories.Any(c => c.ToLower() == lower));
        }

        var rows = await joined.OrderBy(sort)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(x => new
            {
                Fields = new CardFields(x.Paper.ArxivId, x.Paper.Title, x.Paper.Authors, x.Upvotes, x.Comments, x.Paper.ThumbnailUrl,
                    x.Paper.AiSummary, x.Paper.Abstract, x.Paper.GithubRepo, x.Paper.GithubStars, x.Paper.ProjectPage, x.Paper.PublishedAt,
                    x.Paper.Categories, x.Paper.Organization, x.Paper.OrganizationHandle),
                Total = joined.Count(),
                Previous = days.Where(f => f.Date < start).Max(f => (DateOnly?)f.Date),
                Next = days.Where(f => f.Date > end).Min(f => (DateOnly?)f.Date),
            })
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        if (rows.Count == 0)
        {
            // Nothing on this page: one more query for the nearest days that do have papers.
            var nav = await NeighboursAsync(days, start, end, cancellationToken);
            var total = page == 1 ? 0 : await joined.CountAsync(cancellationToken);
            return new PaperList(period, sort, [], total, page, pageSize, nav.Previous, nav.Next);
        }

        var items = rows.Select((r, i) => Card((page - 1) * pageSize + i + 1, r.Fields)).ToList();
        return new PaperList(period, sort, items, rows[0].Total, page, pageSize, rows[0].Previous, rows[0].Next);
    }

    /// <summary>
    /// One page of an organization's papers (by its Hugging Face handle), newest first, with their counts on Hugging
    /// Face's daily list; null when no paper has that organization.
    /// </summary>
    public async Task<OrganizationList?> OrganizationAsync(string handle, int page, CancellationToken cancellationToken)
    {
        var (items, total, pageSize) = await NewestFirstAsync(db.Papers.Where(p => p.OrganizationHandle == handle), page, cancellationToken);
        return total == 0 ? null : new OrganizationList(items.FirstOrDefault()?.Organization ?? new OrganizationRef(handle, handle), items, total, Math.Max(1, page), pageSize);
    }

    /// <summary>
    /// One page of an author's papers (every paper with an author whose name has this <see cref="AuthorName.Key"/>),
    /// newest first; null when no paper has such an author. The name shown is the one most papers spell it with.
    /// </summary>
    public async Task<AuthorList?> AuthorAsync(string key, int page, CancellationToken cancellationToken)
    {
        var (items, total, pageSize) = await NewestFirstAsync(db.Papers.Where(p => db.PaperAuthors.Any(a => a.PaperId == p.Id && a.Key == key)), page, cancellationToken);
        if (total == 0)
        {
            return null;
        }

        var spellings = await db.PaperAuthors.Where(a => a.Key == key)
            .GroupBy(a => a.Name)
            .Select(g => new { Name = g.Key, Papers = g.Count() })
            .OrderByDescending(g => g.Papers).ThenBy(g => g.Name)
            .Take(10)
            .ToListAsync(cancellationToken);
        return new AuthorList(key, [.. spellings.Select(s => s.Name)], items, total, Math.Max(1, page), pageSize);
    }

    /// <summary>A page of <paramref name="papers"/>, newest on arXiv first, with their counts on Hugging Face's daily list, and how many there are.</summary>
    private async Task<(List<PaperListItem> Items, int Total, int PageSize)> NewestFirstAsync(IQueryable<Paper> papers, int page, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        var huggingFace = ListKey.HuggingFace.Name;
        var rows = await papers
            .OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id)
            .Skip((page - 1) * PeriodPageSize)
            .Take(PeriodPageSize)
            .Select(p => new
            {
                Fields = new CardFields(p.ArxivId, p.Title, p.Authors,
                    p.Featured.Where(f => f.Source == huggingFace).Max(f => (int?)f.Upvotes) ?? 0,
                    p.Featured.Where(f => f.Source == huggingFace).Max(f => (int?)f.Comments) ?? 0,
                    p.ThumbnailUrl, p.AiSummary, p.Abstract, p.GithubRepo, p.GithubStars, p.ProjectPage, p.PublishedAt, p.Categories,
                    p.Organization, p.OrganizationHandle),
                Total = papers.Count(),
            })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return ([], page == 1 ? 0 : await papers.CountAsync(cancellationToken), PeriodPageSize);
        }

        return ([.. rows.Select((r, i) => Card((page - 1) * PeriodPageSize + i + 1, r.Fields))], rows[0].Total, PeriodPageSize);
    }

    private PaperListItem Card(int rank, CardFields r) => new(
        rank,
        r.ArxivId,
        r.Title,
        r.Authors,
        r.Upvotes,
        r.Comments,
        // Only a local copy: pages load no image from a third party.
        r.ThumbnailUrl is not null && thumbnails.Find(r.ArxivId) is not null ? $"/thumbnails/{r.ArxivId}" : null,
        PaperText.Blurb(r.AiSummary, r.Abstract, 320),
        r.GithubRepo,
        r.GithubStars,
        r.ProjectPage,
        r.PublishedAt,
        r.Categories,
        OrganizationRef.Of(r.Organization, r.OrganizationHandle));

    /// <summary>What a card shows, as one query reads it.</summary>
    private sealed record CardFields(
        string ArxivId, string Title, List<string> Authors, int Upvotes, int Comments, string? ThumbnailUrl, string? AiSummary, string Abstract,
        string? GithubRepo, int? GithubStars, string? ProjectPage, DateTime? PublishedAt, List<string> Categories, string? Organization, string? OrganizationHandle);

    private IQueryable<FeaturedEntry> Days(ListKey list, string? category)
    {
        var days = db.FeaturedEntries.Where(f => f.Source == list.Name);
        var lower = category?.ToLowerInvariant();
        return lower is null ? days : days.Where(f => f.Paper.Categories.Any(c => c.ToLower() == lower));
    }

    private static async Task<(DateOnly? Previous, DateOnly? Next)> NeighboursAsync(IQueryable<FeaturedEntry> days, DateOnly start, DateOnly end, CancellationToken cancellationToken)
    {
        var previous = await days.Where(f => f.Date < start).MaxAsync(f => (DateOnly?)f.Date, cancellationToken);
        var next = await days.Where(f => f.Date > end).MinAsync(f => (DateOnly?)f.Date, cancellationToken);
        return (previous, next);
    }
}
