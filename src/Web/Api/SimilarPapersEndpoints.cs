using System.Text.Json;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Search;
using PaperFeed.Web.Feeds;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Api;

/// <summary>
/// <c>GET /api/papers/{id}/similar</c>: the similar papers a paper page lists (<see cref="SimilarPapers"/>), best first,
/// each in the shape of <c>/api/papers/{id}</c>; an unknown paper is a 404, as there.
/// </summary>
internal static class SimilarPapersEndpoints
{
    public static RouteGroupBuilder MapSimilarPapers(this RouteGroupBuilder api)
    {
        api.MapGet("/papers/{id}/similar", (HttpContext context, string id, SimilarPapers similar, CatalogQueries catalog, CancellationToken cancellationToken) =>
            RespondAsync(context, id, similar, catalog, cancellationToken))
            .WithName("SimilarPapers")
            .CacheOutput(PageCache.Catalog)
            .WithSummary($"The {SimilarPapers.Count} papers of the catalog most like this one, best first, each in the shape of /api/papers/{{id}}.")
            .Produces<List<HfPaper>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Old-style ids have a slash (astro-ph/0601001): without this route, /papers/{**id} would take the whole path as the id.
        api.MapGet("/papers/{archive}/{number}/similar", (HttpContext context, string archive, string number, SimilarPapers similar, CatalogQueries catalog, CancellationToken cancellationToken) =>
            RespondAsync(context, $"{archive}/{number}", similar, catalog, cancellationToken))
            .CacheOutput(PageCache.Catalog)
            .ExcludeFromDescription();
        return api;
    }

    private static async Task<IResult> RespondAsync(HttpContext context, string id, SimilarPapers similar, CatalogQueries catalog, CancellationToken cancellationToken)
    {
        if (!ArxivId.TryNormalize(id, out var arxivId))
        {
            return ApiSetup.BadParameter("id", "An arXiv id looks like 2405.15738 or astro-ph/0601001.");
        }

        if (await similar.FindAsync(arxivId, SimilarPapers.Count, cancellationToken) is not { } results)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Paper not found", detail: $"No paper {arxivId} in this catalog.");
        }

        var entries = await catalog.ByIdsAsync(ListKey.HuggingFace, [.. results.Papers.Select(p => p.ArxivId)], cancellationToken);
        var papers = entries.Select(e => HfPaper.From(e, HfDailyPaper.SubmittedOnDaily(e))).ToList();
        return ConditionalGet.Respond(context, JsonSerializer.SerializeToUtf8Bytes(papers, ApiEndpoints.Json), "application/json; charset=utf-8", ApiEndpoints.Updated(entries));
    }
}
