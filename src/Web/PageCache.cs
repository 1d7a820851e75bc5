using Microsoft.AspNetCore.OutputCaching;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Web.Admin;

namespace PaperFeed.Web;

/// <summary>
/// Output caching of the public catalog: list pages, paper pages, the lists' feeds and the JSON API's lists and papers
/// are made once per catalog version (<see cref="CatalogVersion"/>) and then served from memory. A write by any process
/// (an ingest command, a worker node, a vote update) moves the version on in its own transaction, so the next request
/// makes the page again: never an answer older than the catalog. Everything personal (confirm, manage, unsubscribe,
/// personal feeds) and search (its index trails the database by up to two seconds) is never cached: only endpoints
/// that name <see cref="Catalog"/> are.
/// </summary>
public static class PageCache
{
    /// <summary>The policy of the public catalog's pages and lists.</summary>
    public const string Catalog = "catalog";

    /// <summary>
    /// The longest a page is kept: what no version covers (the time a failing source's next try is shown for) is at
    /// most this old.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddPageCache(this IServiceCollection services) => services.AddOutputCache(options =>
    {
        options.SizeLimit = 64L * 1024 * 1024;
        // "/arxiv/cs.cl" answers a redirect to "/arxiv/cs.CL": the two are not one page.
        options.UseCaseSensitivePaths = true;
        // The default policy stays underneath: GET and HEAD only, no Authorization header, no Set-Cookie, status 200.
        options.AddPolicy(Catalog, policy => policy
            .Expire(MaxAge)
            // No request coalescing: a page is made in about a millisecond, and the coalescing lock was the most
            // contended lock of a cached day page under load (docs/PERFORMANCE.md).
            .SetLocking(false)
            .SetVaryByHeader("Accept") // a paper page answers Markdown to Accept: text/markdown
            .VaryByValue(async (context, _) =>
                new KeyValuePair<string, string>("catalog", (await context.RequestServices.GetRequiredService<CatalogVersion>().CurrentAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            // The home page shows an upstream's error text only to operators (AdminAccess.MaySeeDetails).
            .VaryByValue(context =>
                new KeyValuePair<string, string>("operator", context.RequestServices.GetRequiredService<AdminAccess>().MaySeeDetails(context) ? "yes" : "no")));
    });
}
