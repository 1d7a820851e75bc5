using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Core.Ingestion;
using PaperFeed.Web.Admin;
using PaperFeed.Web.Jobs;

namespace PaperFeed.Web.Pages.Admin;

/// <summary>
/// <c>/admin/sources</c>: each scheduled source (on or off, when it runs next) and each source's and list's last
/// success, last error and what it saw. Operators only.
/// </summary>
public sealed class SourcesModel(PaperFeedDbContext db, IEnumerable<IPaperSource> sources, JobSchedule schedule) : PageModel
{
    public IReadOnlyList<SourceState> States { get; private set; } = [];

    public IReadOnlyList<(IPaperSource Source, DateTime? NextRun)> Schedules { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (AdminAccess.LevelOf(HttpContext) == AdminLevel.None)
        {
            return Unauthorized(); // the admin gate let nothing through without a level: never reached unless it is removed
        }

        Schedules = [.. sources.OrderBy(s => s.Name).Select(s => (s, s.Schedule.Enabled ? schedule.NextRun(JobRegistration.IngestJobId(s.Name)) : null))];
        States = await db.SourceStates.AsNoTracking().OrderBy(s => s.Source).ToListAsync(cancellationToken);
        return Page();
    }
}
