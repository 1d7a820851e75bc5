namespace PaperFeed.Web.Queries;

/// <summary>One card of a list page.</summary>
public sealed record PaperListItem(
    int Rank,
    string ArxivId,
    string Title,
    IReadOnlyList<string> Authors,
    int Upvotes,
    int Comments,
    string? ThumbnailUrl,
    string Blurb,
    string? GithubRepo,
    int? GithubStars,
    string? ProjectPage,
    DateTime? PublishedAt,
    IReadOnlyList<string> Categories,
    OrganizationRef? Organization);
