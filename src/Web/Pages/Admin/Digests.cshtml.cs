using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Web.Admin;

namespace PaperFeed.Web.Pages.Admin;

/// <summary>
/// <c>/admin/digests</c>: how the digests of the last week stand (how many are planned, being sent, sent, waiting to be
/// retried, failed, interrupted, skipped) and the latest that need an operator (failed and interrupted, with the mail
/// server's words). Operators only.
/// </summary>
public sealed class DigestsModel(PaperFeedDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>How far back the counts go.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>How many of the problems are listed.</summary>
    public const int ProblemsShown = 50;

    public sealed record Problem(string Email, string Edition, DeliveryStatus Status, int Attempts, DateTime CreatedAt, string? LastError);

    public IReadOnlyDictionary<DeliveryStatus, int> Counts { get; private set; } = new Dictionary<DeliveryStatus, int>();

    public DateTime? NextRetryAt { get; private set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (AdminAccess.LevelOf(HttpContext) == AdminLevel.None)
        {
            return Unauthorized(); // the admin gate let nothing through without a level: never reached unless it is removed
        }

        var since = clock.GetUtcNow().UtcDateTime - Window;
        var recent = db.Deliveries.AsNoTracking().Where(d => d.CreatedAt >= since);
        Counts = await recent.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        NextRetryAt = await recent.Where(d => d.Status == DeliveryStatus.RetryWait).MinAsync(d => d.NextAttemptAt, cancellationToken);
        Problems = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Interrupted)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(ProblemsShown)
            .Select(d => new Problem(d.Subscription.Email, d.Edition, d.Status, d.Attempts, d.CreatedAt, d.LastError))
            .ToListAsync(cancellationToken);
        return Page();
    }
}
