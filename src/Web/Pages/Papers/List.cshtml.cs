using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using Microsoft.Extensions.Options;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Web.Jobs;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Pages.Papers;

/// <summary>
/// The daily, weekly and monthly lists of Hugging Face (<c>/papers/date|week|month/…</c>, the home page showing the
/// latest day), of Hugging Face's trending papers (<c>/trending</c>) and of arXiv categories' announcements
/// (<c>/arxiv/{category}</c>, <c>/arxiv/{category}/date/…</c>); each can be narrowed to an arXiv category (<c>?category=cs.CL</c>).
/// </summary>
[OutputCache(PolicyName = PageCache.Catalog)]
public sealed class ListModel(PaperListings listings, PaperFeedDbContext db, JobSchedule schedule, IOptions<ArxivOptions> arxiv, IEnumerable<IPaperSource> sources) : PageModel
{
    /// <summary>Which list this page shows: from the route (<c>/arxiv/{category}</c>, <c>/trending</c>), else Hugging Face's daily papers.</summary>
    public ListKey Key { get; private set; } = ListKey.HuggingFace;

    /// <summary>The arXiv category whose announcements this list is, or null for Hugging Face's lists.</summary>
    public string? Category => Key.Category;

    /// <summary>Hugging Face's trending list rather than its daily papers.</summary>
    public bool IsTrending => Key.Kind == ListKind.Trending;

    /// <summary>Only the papers arXiv lists in this category (<c>?category=cs.CL</c>).</summary>
    [FromQuery(Name = "category")]
    public string? Filter { get; set; }

    /// <summary>
    /// The categories offered as filters: the ones this instance follows that papers on this page have (Hugging Face's
    /// papers have categories only once arXiv described them), and the one in use.
    /// </summary>
    public IReadOnlyList<string> FilterCategories => [.. arxiv.Value.Followed.Where(c =>
        string.Equals(c, Filter, StringComparison.OrdinalIgnoreCase)
        || List?.Items.Any(i => i.Categories.Contains(c, StringComparer.OrdinalIgnoreCase)) == true)];

    public PaperList? List { get; private set; }

    /// <summary>The list's source state, shown when nothing was ingested yet or the last attempt failed.</summary>
    public SourceState? Status { get; private set; }

    /// <summary>Who publishes this list, for messages about it.</summary>
    public string Upstream => Key.Upstream;

    public DateTime? NextRun { get; private set; }

    public bool IsHome { get; private set; }

    [FromQuery(Name = "sort")]
    public string? SortText { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    /// <summary>?sort=newest or ?sort=upvotes; otherwise by upvotes, or in Hugging Face's order on the trending list.</summary>
    public ListSort Sort => SortText?.ToLowerInvariant() switch
    {
        "newest" => ListSort.Newest,
        "upvotes" => ListSort.Upvotes,
        _ => DefaultSort,
    };

    /// <summary>Lists with an order of their own (trending, an arXiv announcement) keep it unless asked otherwise.</summary>
    private ListSort DefaultSort => Key.DefaultSort;

    public async Task<IActionResult> OnGetAsync(string? kind, string? slug, CancellationToken cancellationToken)
    {
        var category = RouteData.Values["category"] as string; // the route's (/arxiv/cs.CL), never the filter's
        if (category is not null)
        {
            // arXiv's own spelling is the address: /arxiv/cs.cl moves to /arxiv/cs.CL; no such category is a 404.
            if (!ArxivTaxonomy.TryNormalize(category, out var known))
            {
                return NotFound();
            }

            if (known != category)
            {
                // From the path as it came, still escaped: the decoded one may hold characters no Location header may.
                var rest = Request.Path.ToUriComponent().Split('/', 4); // "", "arxiv", the category, what follows
                var path = $"/arxiv/{known}" + (rest.Length == 4 ? "/" + rest[3] : "");
                return RedirectPermanent(path + Request.QueryString);
            }
        }

        if (Filter is not null)
        {
            if (!ArxivTaxonomy.TryNormalize(Filter, out var known))
            {
                return NotFound();
            }

            Filter = known;
        }

        Key = category is not null ? ListKey.Arxiv(category)
            : Request.Path.StartsWithSegments("/trending", StringComparison.OrdinalIgnoreCase) ? ListKey.Trending
            : ListKey.HuggingFace;
        Period? period;
        if (kind is null)
        {
            IsHome = category is null && !IsTrending;
            var latest = await listings.LatestDayAsync(Key, cancellationToken);
            period = latest is { } day ? Period.Containing(PeriodKind.Day, day) : null;
        }
        else if (!TryParse(kind, slug, out period))
        {
            return NotFound();
        }

        if (!ModelState.IsValid || PageNumber < 1)
        {
            return NotFound(); // ?page=abc, ?page=0
        }

        if (period is not null)
        {
            List = await listings.GetAsync(Key, period, Sort, PageNumber, cancellationToken, Filter);
            if (List.Items.Count == 0 && PageNumber > 1)
            {
                return NotFound(); // past the last page
            }
        }

        // The list's source state (why it is empty or stale), on its latest view and on empty pages.
        if (kind is null || List is null || List.Items.Count == 0)
        {
            Status = await db.SourceStates.AsNoTracking().FirstOrDefaultAsync(s => s.Source == Key.Name, cancellationToken);
            if (List is null || Status?.IsFailing == true)
            {
                // The next run of any source that fills this list.
                NextRun = sources.Where(s => s.Fills(Key)).Select(s => schedule.NextRun(JobRegistration.IngestJobId(s.Name))).Where(run => run is not null).Min();
            }
        }

        return Page();
    }

    /// <summary>The URL of this list with another period, sort, page or filter, keeping the rest.</summary>
    public string Link(Period period, ListSort? sort = null, int page = 1, string? filter = "")
    {
        var query = new List<string>();
        var order = sort ?? Sort;
        if (order != DefaultSort)
        {
            query.Add(order == ListSort.Newest ? "sort=newest" : "sort=upvotes");
        }

        if ((filter == "" ? Filter : filter) is { } category)
        {
            query.Add($"category={Uri.EscapeDataString(category)}");
        }

        if (page > 1)
        {
            query.Add($"page={page}");
        }

        var path = Key.PagePath(period);
        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }

    private static bool TryParse(string kind, string? slug, out Period? period)
    {
        period = null;
        var ok = kind switch
        {
            "date" => Period.TryParseDay(slug, out period),
            "week" => Period.TryParseWeek(slug, out period),
            "month" => Period.TryParseMonth(slug, out period),
            _ => false,
        };
        return ok;
    }
}
