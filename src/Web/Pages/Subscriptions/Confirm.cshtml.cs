using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Web.Pages.Subscriptions;

/// <summary>
/// <c>/confirm/{token}</c>: the link in the confirmation email. Opening it shows a button; the click (a POST) confirms,
/// because mail scanners open links too and must not subscribe anyone.
/// </summary>
public sealed class ConfirmModel(SubscriptionService subscriptions, LinkBuilder links) : PageModel
{
    public ConfirmOutcome Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        var (outcome, _) = await subscriptions.ConfirmAsync(token, apply: false, cancellationToken);
        Outcome = outcome;
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var (outcome, subscription) = await subscriptions.ConfirmAsync(token, apply: true, cancellationToken);
        if (outcome == ConfirmOutcome.Confirmed)
        {
            return Redirect($"{links.Subscription(subscription!.PublicId).ManagePath}?done=confirmed");
        }

        Outcome = outcome;
        return Answer();
    }

    private PageResult Answer()
    {
        Response.StatusCode = Outcome switch
        {
            ConfirmOutcome.Unknown => StatusCodes.Status404NotFound,
            ConfirmOutcome.Expired => StatusCodes.Status410Gone,
            _ => StatusCodes.Status200OK,
        };
        return Page();
    }
}
