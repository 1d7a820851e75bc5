using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Web.Admin;

namespace PaperFeed.Web.Pages.Admin;

/// <summary><c>/admin/sources</c>: each source's (and list's) last success, last error and what it saw. Operators only.</summary>
public sealed class SourcesModel(PaperFeedDbContext db, AdminAccess access) : PageModel
{
    public IReadOnlyList<SourceState> States { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!access.IsAllowed(HttpContext))
        {
            return Unauthorized();
        }

        States = await db.SourceStates.AsNoTracking().OrderBy(s => s.Source).ToListAsync(cancellationToken);
        return Page();
    }
}
