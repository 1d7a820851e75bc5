using System.Globalization;
using PaperFeed.Core.Listing;
using PaperFeed.Core.Papers;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Core.Library;
using PaperFeed.Infrastructure.Digests;
using PaperFeed.Infrastructure.Library;
using PaperFeed.Infrastructure.Search;
using PaperFeed.Infrastructure.Subscriptions;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Feeds;

/// <summary>RSS 2.0 and Atom feeds: the daily, weekly and trending lists, each arXiv category, each organization, any search, and each subscriber's own filter.</summary>
public static class FeedEndpoints
{
    private const string Format = "{format:regex(^(rss|atom)$)}";

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/feeds").RequireCors(ApiSetup.PublicGet).RequireRateLimiting(ApiSetup.RateLimit).ExcludeFromDescription();
        // The lists' feeds are the catalog's (PageCache); search and personal feeds are not cached.
        var lists = feeds.MapGroup("").CacheOutput(PageCache.Catalog);

        lists.MapGet($"/daily.{Format}", (string format, HttpContext context, PaperListings listings, CatalogQueries catalog, FeedWriter writer, CancellationToken cancellationToken) =>
            LatestPeriodAsync(DailyFeed, format, context, listings, catalog, writer, cancellationToken));

        lists.MapGet($"/weekly.{Format}", (string format, HttpContext context, PaperListings listings, CatalogQueries catalog, FeedWriter writer, CancellationToken cancellationToken) =>
            LatestPeriodAsync(WeeklyFeed, format, context, listings, catalog, writer, cancellationToken));

        lists.MapGet($"/trending.{Format}", (string format, HttpContext context, PaperListings listings, CatalogQueries catalog, FeedWriter writer, CancellationToken cancellationToken) =>
            LatestPeriodAsync(
                new ListFeed(ListKey.Trending, PeriodKind.Day, "trending papers", "Hugging Face's trending papers as PaperFeed last read them, in Hugging Face's order."),
                format, context, listings, catalog, writer, cancellationToken));

        lists.MapGet($"/arxiv/{{category:regex(^[a-z][a-z\\-]*(\\.[A-Za-z\\-]+)?$)}}.{Format}", (string category, string format, HttpContext context, PaperListings listings, CatalogQueries catalog, FeedWriter writer, CancellationToken cancellationToken) =>
            !ArxivCategory.IsValid(category) ? Task.FromResult(Results.NotFound()) : LatestPeriodAsync(
                new ListFeed(ListKey.Arxiv(category), PeriodKind.Day, $"arXiv {category}", $"The papers arXiv announced in {category} on its latest announcement day."),
                format, context, listings, catalog, writer, cancellationToken));

        feeds.MapGet($"/search.{Format}", async (string format, string? q, string? min_upvotes, string? category, HttpContext context, PaperSearch search, CatalogQueries catalog, FeedWriter writer, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(q) || q.Length > 500)
            {
                return ApiSetup.BadParameter("q", "Give the words to search for (at most 500 characters).");
            }

            // Read by hand: a bound int? would answer "abc" with the framework's own 400, which names nothing useful.
            var minUpvotes = 0;
            if (min_upvotes is not null && (!int.TryParse(min_upvotes, NumberStyles.None, CultureInfo.InvariantCulture, out minUpvotes) || minUpvotes < 0))
            {
                return ApiSetup.BadParameter("min_upvotes", "The minimum upvotes is a whole number from 0.");
            }

            if (category is not null && !ArxivCategory.IsValid(category.Trim().ToLowerInvariant()))
            {
                return ApiSetup.BadParameter("category", "An arXiv category looks like cs.CL.");
            }

            var ids = await search.ArxivIdsAsync(new SearchQuery(q, MinUpvotes: minUpvotes, PageSize: 50, Category: category), cancellationToken);
            var entries = await catalog.ByIdsAsync(ListKey.HuggingFace, ids, cancellationToken);
            var query = $"q={Uri.EscapeDataString(q)}{(minUpvotes > 0 ? string.Create(CultureInfo.InvariantCulture, $"&min_upvotes={minUpvotes}") : "")}{(string.IsNullOrWhiteSpace(category) ? "" : $"&category={Uri.EscapeDataString(category)}")}";
            return Respond(context, writer.Write(format, $"PaperFeed: papers matching {q}", $"Papers matching \"{q}\", best matches first.", $"/search?{query}", $"/feeds/search.{format}?{query}", entries));
        });

        lists.MapGet($"/orgs/{{name}}.{Format}", async (string name, string format, HttpContext context, CatalogQueries catalog, FeedWriter writer, CancellationToken cancellationToken) =>
        {
            var entries = HuggingFaceNames.IsValid(name) ? await catalog.OrganizationAsync(name, 50, cancellationToken) : [];
            if (entries.Count == 0)
            {
                return Results.NotFound();
            }

            var organization = entries[0].Paper.Organization ?? name;
            return Respond(context, writer.Write(format, $"PaperFeed: papers of {organization}", $"The newest papers that {organization} claimed on Hugging Face.", $"/orgs/{name}", $"/feeds/orgs/{name}.{format}", entries));
        });

        lists.MapGet($"/authors/{{name}}.{Format}", async (string name, string format, HttpContext context, CatalogQueries catalog, FeedWriter writer, CancellationToken cancellationToken) =>
        {
            var key = AuthorName.Key(name);
            var entries = key.Length > 0 ? await catalog.AuthorAsync(key, 50, cancellationToken) : [];
            if (entries.Count == 0)
            {
                return Results.NotFound();
            }

            var page = $"/authors/{Uri.EscapeDataString(name)}";
            return Respond(context, writer.Write(format, $"PaperFeed: papers by {name}", $"The newest papers by {name} (names matched without accents or case).", page, $"/feeds{page}.{format}", entries));
        });

        feeds.MapGet($"/personal/{{token}}/papers.{Format}", async (string token, string format, HttpContext context, SubscriptionService subscriptions, PersonalPapers personal, FeedWriter writer, LinkBuilder links, CancellationToken cancellationToken) =>
        {
            var subscription = await subscriptions.FindAsync(token, SubscriptionTokens.Feed, cancellationToken);
            if (subscription is not { Status: SubscriptionStatus.Active })
            {
                return Results.NotFound(); // the feed is part of the subscription: it ends with it
            }

            var papers = await personal.ForAsync(subscription, cancellationToken);
            var entries = papers.Select(r => new CatalogEntry(r.Paper, r.Upvotes, r.Comments, r.FirstDay)).ToList();
            return Respond(context, writer.Write(format, "PaperFeed: your papers", "The papers of the last two weeks that match your PaperFeed preferences.", "/", $"/feeds/personal/{token}/papers.{format}", entries,
                paper => $"Save to your library: {links.Mark(subscription.PublicId, paper.ArxivId, MarkKind.Saved)}\nNot for me: {links.Mark(subscription.PublicId, paper.ArxivId, MarkKind.NotForMe)}"), personal: true);
        });

        feeds.MapGet($"/library/{{token}}/papers.{Format}", async (string token, string format, HttpContext context, SubscriptionService subscriptions, LibraryService library, CatalogQueries catalog, FeedWriter writer, CancellationToken cancellationToken) =>
        {
            var subscription = await subscriptions.FindAsync(token, SubscriptionTokens.Library, cancellationToken);
            if (subscription is null)
            {
                return Results.NotFound();
            }

            var saved = await library.SavedAsync(subscription.Id, 0, 100, cancellationToken);
            var entries = await catalog.ByIdsAsync(ListKey.HuggingFace, [.. saved.Select(s => s.Paper.ArxivId)], cancellationToken);
            return Respond(context, writer.Write(format, "PaperFeed: your library", "The papers you saved on PaperFeed, the last saved first.", "/", $"/feeds/library/{token}/papers.{format}", entries), personal: true);
        });

        return app;
    }

    private static readonly ListFeed DailyFeed = new(ListKey.HuggingFace, PeriodKind.Day, "daily papers", "The research papers trending today, ranked by upvotes.");
    private static readonly ListFeed WeeklyFeed = new(ListKey.HuggingFace, PeriodKind.Week, "weekly papers", "The research papers of the week, ranked by upvotes.");

    /// <summary>
    /// The list of the day (or week) that holds a list's latest papers, in the list's own order. <paramref name="feed"/>
    /// names it: the list, the period, and how the title and description read.
    /// </summary>
    private static async Task<IResult> LatestPeriodAsync(
        ListFeed feed, string format, HttpContext context, PaperListings listings, CatalogQueries catalog, FeedWriter writer, CancellationToken cancellationToken)
    {
        var kind = feed.Kind;
        var latest = await listings.LatestDayAsync(feed.List, cancellationToken);
        var period = latest is { } day ? Period.Containing(kind, day) : null;
        var entries = period is null ? [] : await catalog.PeriodAsync(feed.List, period, feed.List.DefaultSort, 0, 100, cancellationToken);
        var title = period is null ? $"PaperFeed: {feed.Title}"
            : kind == PeriodKind.Day ? $"PaperFeed: {feed.Title} of {period.Start:MMMM d, yyyy}"
            : $"PaperFeed: papers of {period.Title}";
        var page = period is null ? "/" : feed.List.PagePath(period);
        return Respond(context, writer.Write(format, title, feed.Description, page, feed.Self(format), entries));
    }

    /// <summary>A list's feed of its latest day or week, with its title and description.</summary>
    private sealed record ListFeed(ListKey List, PeriodKind Kind, string Title, string Description)
    {
        /// <summary>The feed's own address: the list's, or the weekly feed of Hugging Face's list.</summary>
        public string Self(string format) => Kind == PeriodKind.Week ? $"/feeds/weekly.{format}" : List.FeedPath(format);
    }

    private static IResult Respond(HttpContext context, (byte[] Body, string ContentType, DateTimeOffset Updated) feed, bool personal = false) =>
        ConditionalGet.Respond(context, feed.Body, feed.ContentType, feed.Updated == DateTimeOffset.UnixEpoch ? null : feed.Updated, personal);
}
