using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Web.Jobs;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Pages.Papers;

/// <summary>
/// The daily, weekly and monthly lists of Hugging Face (<c>/papers/date|week|month/…</c>, the home page showing the
/// latest day) and of arXiv categories' announcements (<c>/arxiv/{category}</c>, <c>/arxiv/{category}/date/…</c>).
/// </summary>
public sealed partial class ListModel(PaperListings listings, PaperFeedDbContext db, JobSchedule schedule) : PageModel
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z][a-z\-]*(\.[A-Za-z][A-Za-z\-]*)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex CategoryPattern();

    /// <summary>The arXiv category of this list, or null for Hugging Face's daily papers.</summary>
    public string? Category { get; private set; }

    public string Source => Category is null ? SourceNames.HuggingFace : $"arxiv:{Category}";

    public PaperList? List { get; private set; }

    /// <summary>The Hugging Face source's state, shown when nothing was ingested yet or the last attempt failed.</summary>
    public SourceState? Status { get; private set; }

    public DateTime? NextRun { get; private set; }

    public bool IsHome { get; private set; }

    [FromQuery(Name = "sort")]
    public string? SortText { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public ListSort Sort => string.Equals(SortText, "newest", StringComparison.OrdinalIgnoreCase) ? ListSort.Newest : ListSort.Upvotes;

    public async Task<IActionResult> OnGetAsync(string? kind, string? slug, string? category, CancellationToken cancellationToken)
    {
        if (category is not null && (category.Length > 40 || !CategoryPattern().IsMatch(category)))
        {
            return NotFound();
        }

        Category = category;
        Period? period;
        if (kind is null)
        {
            IsHome = category is null;
            var latest = await listings.LatestDayAsync(Source, cancellationToken);
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
            List = await listings.GetAsync(Source, period, Sort, PageNumber, cancellationToken);
            if (List.Items.Count == 0 && PageNumber > 1)
            {
                return NotFound(); // past the last page
            }
        }

        if (Category is null && (List is null || List.Items.Count == 0 || IsHome))
        {
            Status = await db.SourceStates.AsNoTracking().FirstOrDefaultAsync(s => s.Source == SourceNames.HuggingFace, cancellationToken);
            if (List is null || Status?.IsFailing == true)
            {
                NextRun = schedule.NextRun(JobRegistration.IngestHuggingFace);
            }
        }

        return Page();
    }

    /// <summary>The URL of this list with another sort or page, keeping the rest.</summary>
    public string Link(Period period, ListSort? sort = null, int page = 1)
    {
        var query = new List<string>();
        if ((sort ?? Sort) == ListSort.Newest)
        {
            query.Add("sort=newest");
        }

        if (page > 1)
        {
            query.Add($"page={page}");
        }

        var path = Category is null ? period.Path : $"/arxiv/{Category}{period.Path["/papers".Length..]}";
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
