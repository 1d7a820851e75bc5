using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PaperFeed.Infrastructure.Mail;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Web.Pages.Subscriptions;

/// <summary><c>/subscribe</c>: the form, and the target of the subscribe box on every page.</summary>
/// <remarks>
/// No antiforgery token: a subscribe request carries no authority of the visitor (there is no login and no cookie), so
/// a post from another site can do nothing that a direct post could not; every address must confirm by email, and the
/// per-client, per-address and site-wide limits hold whoever posts. Without the token, the subscribe box leaves every
/// page the same for every visitor, so that pages can be served from the cache (<see cref="PageCache"/>).
/// </remarks>
[IgnoreAntiforgeryToken]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(ApiSetup.SubscribeLimit)]
public sealed class SubscribeModel(SubscriptionService subscriptions) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "timezone")]
    public string? TimeZone { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!EmailAddresses.TryNormalize(Email, out var address, out var error))
        {
            Error = error;
            // Hostile input is never echoed back in full.
            Email = Email is { Length: > EmailAddresses.MaxLength } ? null : Email?.ReplaceLineEndings(" ");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (await subscriptions.SubscribeAsync(address, TimeZone, cancellationToken) == SubscribeOutcome.SiteLimited)
        {
            Error = "Many people are signing up right now. Please try again in an hour.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "3600";
            return Page();
        }

        // The same answer whether the address is new, pending, subscribed, suppressed or mailed a minute ago, and
        // whether or not the mail server is up: the email is sent in the background (and retried).
        return RedirectToPage("/Subscriptions/Sent");
    }
}
