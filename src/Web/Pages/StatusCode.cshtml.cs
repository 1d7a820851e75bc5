using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PaperFeed.Web.Pages;

/// <summary>
/// The page for any error status without a body (re-executed by UseStatusCodePagesWithReExecute, keeping the status).
/// It answers POSTs too: a refused form post (an expired antiforgery token) re-executes here as a POST.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel : PageModel
{
    public int Code { get; private set; }

    public (string Title, string Text) Message => Code switch
    {
        404 => ("Page not found", "There is no paper or list at this address. Dates are written like 2025-03-14, weeks like 2025-W11, months like 2025-03, and papers by their arXiv id, like /papers/2405.15738."),
        400 when HttpMethods.IsGet(Request.Method) => ("This address cannot be read", RequestText.Problem + " Check the link, or search again."),
        400 => ("The form could not be accepted", "The page may have been open for a long time, or cookies are blocked. Go back, reload the page and try again."),
        401 => ("Not allowed", "This page is for the operators of this PaperFeed instance: sign in with Admin:Username (default \"admin\") and Admin:Password."),
        403 => ("Not allowed", "This page is for the operators of this PaperFeed instance. With no Admin:Password set, it opens read-only, and only to a browser on the machine PaperFeed runs on that reaches it directly (not through a proxy, and not on an instance published under a public address). Set Admin:Password (at least 12 characters) to open it from anywhere."),
        429 => ("Too many requests", "Please wait a moment and try again."),
        _ => ("Something went wrong", "PaperFeed could not answer this request. Please try again in a moment."),
    };

    public void OnGet(int code) => Show(code);

    public void OnPost(int code) => Show(code);

    private void Show(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            Response.StatusCode = Code;
        }
    }
}
