using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Web.Pages.Subscriptions;

/// <summary>
/// <c>/unsubscribe/{token}</c>: the link in every digest and its List-Unsubscribe header. GET only shows a button
/// (mail scanners follow links); POST unsubscribes at once. The POST needs no cookie or antiforgery token, so mail
/// clients' one-click POST (RFC 8058, body "List-Unsubscribe=One-Click") works; it is idempotent.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(SubscriptionService subscriptions) : PageModel
{
    public bool LinkUnknown { get; private set; }

    public bool Unsubscribed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(token, SubscriptionTokens.Unsubscribe, cancellationToken);
        return Show(subscription, done: subscription?.Status is SubscriptionStatus.Unsubscribed);
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(token, SubscriptionTokens.Unsubscribe, cancellationToken);
        if (subscription is not null)
        {
            await subscriptions.UnsubscribeAsync(subscription, cancellationToken);
        }

        return Show(subscription, done: true);
    }

    private PageResult Show(Subscription? subscription, bool done)
    {
        if (subscription is null)
        {
            LinkUnknown = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        // The manage link is not shown here: the unsubscribe address is handed to mailbox providers, and it must not
        // grant more than unsubscribing.
        Unsubscribed = done;
        return Page();
    }
}
