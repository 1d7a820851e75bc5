using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Search;
using PaperFeed.Infrastructure.Sources.Arxiv;

namespace PaperFeed.Web.Pages;

/// <summary><c>/search?q=…</c>: full-text search with highlighted snippets, filters and pages.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(ApiSetup.RateLimit)] // a search costs more than a page: the same per-client limit as the API
public sealed class SearchModel(PaperSearch search, IOptions<ArxivOptions> arxiv) : PageModel
{
    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "from")]
    public string? From { get; set; }

    [FromQuery(Name = "to")]
    public string? To { get; set; }

    [FromQuery(Name = "min_upvotes")]
    public int MinUpvotes { get; set; }

    [FromQuery(Name = "category")]
    public string? Category { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public SearchResults? Results { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Whether any filter narrows the search (dates, upvotes, category).</summary>
    public bool HasFilters => From is { Length: > 0 } || To is { Length: > 0 } || MinUpvotes > 0 || Category is { Length: > 0 };

    /// <summary>Suggestions for the category filter: the arXiv categories this instance follows.</summary>
    public IReadOnlyList<string> KnownCategories => arxiv.Value.Followed;

    /// <summary>The words and filters that a feed of this search carries (feeds have no dates or pages).</summary>
    public string FeedQuery => string.Join('&', Parameters(includeDates: false));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || PageNumber < 1 || MinUpvotes < 0)
        {
            Error = "The page number and minimum upvotes are whole numbers from 1 and 0.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        DateOnly? from = null, to = null;
        if ((From is { Length: > 0 } && !TryDay(From, out from)) || (To is { Length: > 0 } && !TryDay(To, out to)))
        {
            Error = "Dates are written like 2025-03-14.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Category = Category?.Trim();
        if (Category is { Length: > 0 })
        {
            // arXiv's taxonomy, as the commands check it: cs.cl is cs.CL; bogus is no category (not an empty result).
            if (!ArxivTaxonomy.TryNormalize(Category, out var known))
            {
                Error = $"\"{Category}\" is not an arXiv category: they are written like cs.CL or hep-th.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            Category = known;
        }

        if (Query is { Length: > 0 })
        {
            var text = Query.Length > 500 ? Query[..500] : Query;
            Results = await search.SearchAsync(new SearchQuery(text, from, to, MinUpvotes, PageNumber, Category: Category is { Length: > 0 } ? Category : null), cancellationToken);
            if (Results.Hits.Count == 0 && PageNumber > 1)
            {
                return NotFound();
            }
        }

        return Page();
    }

    /// <summary>Encodes the text, then turns the search's match marks into &lt;mark&gt; elements.</summary>
    public static IHtmlContent Marked(string text) =>
        new HtmlString(HtmlEncoder.Default.Encode(text)
            .Replace(HtmlEncoder.Default.Encode(PaperSearch.MarkStart.ToString()), "<mark>", StringComparison.Ordinal)
            .Replace(HtmlEncoder.Default.Encode(PaperSearch.MarkEnd.ToString()), "</mark>", StringComparison.Ordinal));

    /// <summary>This search on another page.</summary>
    public string PageLink(int page)
    {
        var query = Parameters(includeDates: true);
        if (page > 1)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"page={page}"));
        }

        return "/search?" + string.Join('&', query);
    }

    private List<string> Parameters(bool includeDates)
    {
        var query = new List<string> { $"q={Uri.EscapeDataString(Query ?? "")}" };
        if (includeDates && From is { Length: > 0 })
        {
            query.Add($"from={Uri.EscapeDataString(From)}");
        }

        if (includeDates && To is { Length: > 0 })
        {
            query.Add($"to={Uri.EscapeDataString(To)}");
        }

        if (MinUpvotes > 0)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"min_upvotes={MinUpvotes}"));
        }

        if (Category is { Length: > 0 })
        {
            query.Add($"category={Uri.EscapeDataString(Category)}");
        }

        return query;
    }

    private static bool TryDay(string text, out DateOnly? day)
    {
        var ok = Period.TryParseDay(text, out var period);
        day = period?.Start;
        return ok;
    }
}
