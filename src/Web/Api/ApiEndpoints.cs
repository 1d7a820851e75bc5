using System.Text.Json;
using System.Text.Json.Serialization;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Search;
using PaperFeed.Web.Feeds;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Api;

/// <summary>
/// A JSON API that speaks Hugging Face's: <c>GET /api/daily_papers</c> (date, week, month, sort, p, limit, submitter),
/// <c>GET /api/papers/{id}</c> and <c>GET /api/papers/search?q=&amp;limit=</c>, so that its clients can point at PaperFeed.
/// </summary>
public static class ApiEndpoints
{
    /// <summary>How many papers a search answers unless asked (<c>limit</c>), and at most: Hugging Face's numbers.</summary>
    public const int SearchDefaultLimit = 50, SearchMaxLimit = PaperSearch.MaxPageSize;

    internal static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static IEndpointRouteBuilder MapPaperApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireCors(ApiSetup.PublicGet).RequireRateLimiting(ApiSetup.RateLimit);

        api.MapGet("/daily_papers", async (HttpContext context, string? date, string? week, string? month, string? sort, string? p, string? limit, string? submitter,
            PaperListings listings, CatalogQueries catalog, CancellationToken cancellationToken) =>
        {
            if (new[] { date, week, month }.Count(v => v is not null) > 1)
            {
                return ApiSetup.BadParameter(date is not null ? "date" : "week", "Give one of date, week and month.");
            }

            Period? period = null;
            if (date is not null && !Period.TryParseDay(date, out period))
            {
                return ApiSetup.BadParameter("date", "A date is written like 2025-03-14.");
            }

            if (week is not null && !Period.TryParseWeek(week, out period))
            {
                return ApiSetup.BadParameter("week", "A week is written like 2025-W11 (ISO weeks).");
            }

            if (month is not null && !Period.TryParseMonth(month, out period))
            {
                return ApiSetup.BadParameter("month", "A month is written like 2025-03.");
            }

            ListSort order;
            switch (sort)
            {
                case null or "" or "trending" or "upvotes":
                    order = ListSort.Upvotes;
                    break;
                case "publishedAt" or "newest":
                    order = ListSort.Newest;
                    break;
                default:
                    return ApiSetup.BadParameter("sort", "Sort by trending (upvotes, the default) or publishedAt.");
            }

            if (!TryInt(p, 0, 0, 100_000, out var page))
            {
                return ApiSetup.BadParameter("p", "The page p is a whole number from 0.");
            }

            if (!TryInt(limit, 50, 1, 100, out var size))
            {
                return ApiSetup.BadParameter("limit", "The limit is a whole number from 1 to 100.");
            }

            if (submitter is not null && !HuggingFaceNames.IsValid(submitter))
            {
                return ApiSetup.BadParameter("submitter", "The submitter is a Hugging Face user name, like akhaliq.");
            }

            if (period is null)
            {
                // Like Hugging Face without a date: the latest list.
                var latest = await listings.LatestDayAsync(ListKey.HuggingFace, cancellationToken);
                if (latest is null)
                {
                    return ConditionalGet.Respond(context, JsonSerializer.SerializeToUtf8Bytes(Array.Empty<HfDailyPaper>(), Json), "application/json; charset=utf-8", null);
                }

                period = Period.Containing(PeriodKind.Day, latest.Value);
            }

            var entries = await catalog.PeriodAsync(ListKey.HuggingFace, period, order, page * size, size, cancellationToken, submitter);
            return Respond(context, entries.Select(HfDailyPaper.From).ToList(), entries);
        })
        .WithName("DailyPapers")
        .CacheOutput(PageCache.Catalog)
        .WithSummary("The papers of a day, ISO week or month (only one submitter's with submitter=), in Hugging Face's daily_papers shape.")
        .Produces<List<HfDailyPaper>>()
        .ProducesValidationProblem();

        api.MapGet("/papers/search", async (HttpContext context, string? q, string? limit, PaperSearch search, CatalogQueries catalog, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(q) || q.Length > 500)
            {
                return ApiSetup.BadParameter("q", "Give the words to search for (at most 500 characters).");
            }

            // Hugging Face's bounds: huggingface_hub's list_papers(query=…, limit=…) sends limit.
            if (!TryInt(limit, SearchDefaultLimit, 1, SearchMaxLimit, out var size))
            {
                return ApiSetup.BadParameter("limit", $"The limit is a whole number from 1 to {SearchMaxLimit}.");
            }

            var ids = await search.ArxivIdsAsync(new SearchQuery(q, PageSize: size), cancellationToken);
            var entries = await catalog.ByIdsAsync(ListKey.HuggingFace, ids, cancellationToken);
            return Respond(context, entries.Select(HfDailyPaper.From).ToList(), entries);
        })
        .WithName("SearchPapers")
        .WithSummary("Full-text search: the best matches first (limit 1 to 120, default 50), in the daily_papers shape.")
        .Produces<List<HfDailyPaper>>()
        .ProducesValidationProblem();

        api.MapGet("/papers/{**id}", async (HttpContext context, string id, CatalogQueries catalog, CancellationToken cancellationToken) =>
        {
            if (!ArxivId.TryNormalize(id, out var arxivId))
            {
                return ApiSetup.BadParameter("id", "An arXiv id looks like 2405.15738 or astro-ph/0601001.");
            }

            var entry = (await catalog.ByIdsAsync(ListKey.HuggingFace, [arxivId], cancellationToken)).FirstOrDefault();
            if (entry is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Paper not found", detail: $"No paper {arxivId} in this catalog.");
            }

            var paper = HfPaper.From(entry, HfDailyPaper.SubmittedOnDaily(entry));
            return ConditionalGet.Respond(context, JsonSerializer.SerializeToUtf8Bytes(paper, Json), "application/json; charset=utf-8", Updated([entry]));
        })
        .WithName("Paper")
        .CacheOutput(PageCache.Catalog)
        .WithSummary("One paper, in the shape of Hugging Face's /api/papers/{id}.")
        .Produces<HfPaper>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapSimilarPapers();

        return app;
    }

    private static IResult Respond(HttpContext context, List<HfDailyPaper> body, IReadOnlyList<CatalogEntry> entries) =>
        ConditionalGet.Respond(context, JsonSerializer.SerializeToUtf8Bytes(body, Json), "application/json; charset=utf-8", Updated(entries));

    internal static DateTimeOffset? Updated(IReadOnlyList<CatalogEntry> entries) =>
        entries.Count == 0 ? null : entries.Max(e => new DateTimeOffset(DateTime.SpecifyKind(e.Paper.UpdatedAt, DateTimeKind.Utc)));

    private static bool TryInt(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        return text is null || (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }
}
