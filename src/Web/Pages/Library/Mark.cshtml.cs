using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Library;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Library;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Web.Pages.Library;

/// <summary>
/// <c>/library/{token}/save/{id}</c> and <c>/library/{token}/not-for-me/{id}</c>: the links under each paper of a
/// digest and of the personal feed. Opening one shows the paper and a button; only the click (a POST) marks it,
/// because mail scanners open links too. The token is good for marking papers only (not the preferences).
/// </summary>
public sealed class MarkModel(SubscriptionService subscriptions, LibraryService library) : PageModel
{
    public bool LinkUnknown { get; private set; }

    public MarkKind Kind { get; private set; }

    public Paper Paper { get; private set; } = null!;

    /// <summary>The paper's mark now (after a click, the new one).</summary>
    public MarkKind? Current { get; private set; }

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    public string Blurb => PaperText.Blurb(Paper.AiSummary, Paper.Abstract, 400);

    public async Task<IActionResult> OnGetAsync(string token, string mark, string arxivId, CancellationToken cancellationToken) =>
        await LoadAsync(token, mark, arxivId, cancellationToken) is null ? Unknown() : Page();

    public async Task<IActionResult> OnPostAsync(string token, string mark, string arxivId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(token, mark, arxivId, cancellationToken) is not { } subscription)
        {
            return Unknown();
        }

        await library.MarkAsync(subscription.Id, Paper.Id, Kind, cancellationToken);
        return Redirect($"{Request.Path}?done=marked");
    }

    public async Task<IActionResult> OnPostUndoAsync(string token, string mark, string arxivId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(token, mark, arxivId, cancellationToken) is not { } subscription)
        {
            return Unknown();
        }

        await library.UnmarkAsync(subscription.Id, Paper.Id, cancellationToken);
        return Redirect($"{Request.Path}?done=undone");
    }

    private async Task<Subscription?> LoadAsync(string token, string mark, string arxivId, CancellationToken cancellationToken)
    {
        Kind = mark == LinkBuilder.MarkAction(MarkKind.Saved) ? MarkKind.Saved : MarkKind.NotForMe;
        var subscription = await subscriptions.FindAsync(token, SubscriptionTokens.Mark, cancellationToken);
        if (subscription is null || !ArxivId.TryNormalize(arxivId, out var id) || await library.FindAsync(subscription.Id, id, cancellationToken) is not { } found)
        {
            return null;
        }

        (Paper, Current) = found;
        return subscription;
    }

    private PageResult Unknown()
    {
        LinkUnknown = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
