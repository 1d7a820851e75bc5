using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Web.Jobs;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Pages.Papers;

/// <summary>The daily, weekly and monthly lists (<c>/papers/date|week|month/…</c>), and the home page (latest day).</summary>
public sealed class ListModel(PaperListings listings, PaperFeedDbContext db, JobSchedule schedule) : PageModel
{
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

    public async Task<IActionResult> OnGetAsync(string? kind, string? slug, CancellationToken cancellationToken)
    {
        Period? period;
        if (kind is null)
        {
            IsHome = true;
            var latest = await listings.LatestDayAsync(SourceNames.HuggingFace, cancellationToken);
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
            List = await listings.GetAsync(SourceNames.HuggingFace, period, Sort, PageNumber, cancellationToken);
            if (List.Items.Count == 0 && PageNumber > 1)
            {
                return NotFound(); // past the last page
            }
        }

        if (List is null || List.Items.Count == 0 || IsHome)
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

        return query.Count == 0 ? period.Path : $"{period.Path}?{string.Join('&', query)}";
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
