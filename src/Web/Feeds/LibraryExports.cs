using System.Text;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Infrastructure.Library;
using PaperFeed.Infrastructure.Subscriptions;

namespace PaperFeed.Web.Feeds;

/// <summary>
/// A subscriber's library for reference managers and spreadsheets: <c>/library/{token}/papers.bib</c> (BibTeX) and
/// <c>/library/{token}/papers.csv</c>, every saved paper, newest first. The token reads the library and nothing else;
/// its Atom feed is with the other feeds (<see cref="FeedEndpoints"/>). Never cached by anyone but the subscriber.
/// </summary>
public static class LibraryExports
{
    public static IEndpointRouteBuilder MapLibraryExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/library/{token}/papers.{format:regex(^(bib|csv)$)}", async (string token, string format, HttpContext context, SubscriptionService subscriptions, LibraryService library, LinkBuilder links, CancellationToken cancellationToken) =>
        {
            var subscription = await subscriptions.FindAsync(token, SubscriptionTokens.Library, cancellationToken);
            if (subscription is null)
            {
                return Results.NotFound();
            }

            var saved = await library.SavedAsync(subscription.Id, 0, null, cancellationToken);
            context.Response.Headers.CacheControl = "private, no-store";
            return format == "bib"
                ? Results.File(Encoding.UTF8.GetBytes(LibraryService.BibTeX(saved)), "application/x-bibtex; charset=utf-8", "paperfeed-library.bib")
                : Results.File(Encoding.UTF8.GetBytes(LibraryService.Csv(saved, links.Paper)), "text/csv; charset=utf-8; header=present", "paperfeed-library.csv");
        }).RequireRateLimiting(ApiSetup.RateLimit).ExcludeFromDescription();
        return app;
    }
}
