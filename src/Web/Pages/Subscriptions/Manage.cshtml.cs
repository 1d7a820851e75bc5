using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Library;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Web.Pages.Subscriptions;

/// <summary><c>/manage/{token}</c>: preferences, unsubscribe, re-subscribe and deleting all data. The link is the key (no passwords).</summary>
public sealed class ManageModel(SubscriptionService subscriptions, LibraryService library, LinkBuilder links) : PageModel
{
    public Subscription Subscription { get; private set; } = null!;

    [BindProperty]
    public PreferencesInput Input { get; set; } = new();

    public Dictionary<string, string> Errors { get; private set; } = [];

    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    /// <summary>The page of the library shown (25 saved papers a page, newest first).</summary>
    [FromQuery(Name = "library")]
    public int LibraryPage { get; set; } = 1;

    public int SavedCount { get; private set; }

    public int NotForMeCount { get; private set; }

    public int LibraryPages => Math.Max(1, (SavedCount + LibraryService.PageSize - 1) / LibraryService.PageSize);

    public IReadOnlyList<SavedPaper> Saved { get; private set; } = [];

    public LibraryLinks Library => links.Subscription(Subscription.PublicId).Library;

    public static IReadOnlyList<string> TimeZones { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal)];

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return UnknownLink();
        }

        Input = PreferencesInput.From(Subscription.Preferences);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return UnknownLink();
        }

        var (preferences, errors) = Input.Validate();
        // Numbers that did not even bind ("abc") are errors of their own field.
        foreach (var (key, entry) in ModelState.Where(e => e.Value?.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid))
        {
            errors[key.Replace("Input.", "", StringComparison.Ordinal)] = "Enter a whole number.";
            preferences = null;
        }

        if (preferences is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await subscriptions.SavePreferencesAsync(Subscription, preferences, cancellationToken);
        return Back(token, "saved");
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return UnknownLink();
        }

        await subscriptions.UnsubscribeAsync(Subscription, cancellationToken);
        return Back(token, "unsubscribed");
    }

    public async Task<IActionResult> OnPostResubscribeAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return UnknownLink();
        }

        await subscriptions.ResubscribeAsync(Subscription, cancellationToken);
        return Back(token, "resubscribed");
    }

    public async Task<IActionResult> OnPostResetLinksAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return UnknownLink();
        }

        await subscriptions.ResetLinksAsync(Subscription, cancellationToken);
        return Redirect($"{links.Subscription(Subscription.PublicId).ManagePath}?done=links-reset");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string token, [FromForm(Name = "confirm-delete")] bool confirmed, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return UnknownLink();
        }

        if (!confirmed)
        {
            Input = PreferencesInput.From(Subscription.Preferences);
            Errors["Delete"] = "Tick the box to confirm that everything should be deleted.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await subscriptions.DeleteAsync(Subscription, cancellationToken);
        return RedirectToPage("/Subscriptions/Deleted");
    }

    /// <summary>The subscriber's private feed of papers matching their preferences.</summary>
    public string FeedPath => links.Subscription(Subscription.PublicId).FeedPath;

    public async Task<IActionResult> OnPostUnsaveAsync(string token, int paperId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return UnknownLink();
        }

        await library.UnmarkAsync(Subscription.Id, paperId, cancellationToken);
        return Back(token, "removed");
    }

    private async Task<bool> LoadAsync(string token, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(token, SubscriptionTokens.Manage, cancellationToken);
        if (subscription is null)
        {
            return false;
        }

        Subscription = subscription;
        (SavedCount, NotForMeCount) = await library.CountsAsync(subscription.Id, cancellationToken);
        LibraryPage = Math.Clamp(LibraryPage, 1, LibraryPages);
        Saved = await library.SavedAsync(subscription.Id, (LibraryPage - 1) * LibraryService.PageSize, LibraryService.PageSize, cancellationToken);
        return true;
    }

    public bool LinkUnknown { get; private set; }

    private PageResult UnknownLink()
    {
        LinkUnknown = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private RedirectResult Back(string token, string done) => Redirect($"/manage/{Uri.EscapeDataString(token)}?done={done}");
}
