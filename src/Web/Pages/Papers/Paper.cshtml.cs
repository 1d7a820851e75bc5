using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Web.Pages.Papers;

/// <summary>One paper: full abstract, every author, keywords, links and the days it was featured.</summary>
public sealed class PaperModel(PaperFeedDbContext db) : PageModel
{
    public Paper Paper { get; private set; } = null!;

    /// <summary>Every day the paper was on a list, newest first, with the list it was on (null for a name no list has).</summary>
    public IReadOnlyList<(ListKey? List, FeaturedEntry Entry)> Lists { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (!ArxivId.TryNormalize(id, out var arxivId))
        {
            return NotFound();
        }

        var paper = await db.Papers.AsNoTracking()
            .Include(p => p.Featured.OrderByDescending(f => f.Date))
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.ArxivId == arxivId, cancellationToken);
        if (paper is null)
        {
            return NotFound();
        }

        if (id != arxivId)
        {
            // 2405.15738v2 or arXiv:2405.15738: one address per paper.
            return RedirectPermanent($"/papers/{arxivId}");
        }

        Paper = paper;
        Lists = [.. paper.Featured.Select(f => (ListKey.TryParse(f.Source, out var list) ? list : null, f))];
        return Page();
    }
}
