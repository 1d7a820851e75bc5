using System.Globalization;
using System.Text.Json.Serialization;
using PaperFeed.Web.Queries;

namespace PaperFeed.Web.Api;

/// <summary>
/// Hugging Face's daily_papers JSON shape, with the fields PaperFeed knows. Absent values are left out, as the real API
/// does, so clients written for it read these unchanged.
/// </summary>
public sealed record HfDailyPaper(
    [property: JsonPropertyName("paper")] HfPaper Paper,
    [property: JsonPropertyName("publishedAt")] string PublishedAt,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("thumbnail")] string? Thumbnail,
    [property: JsonPropertyName("numComments")] int NumComments,
    [property: JsonPropertyName("organization")] HfOrganization? Organization,
    [property: JsonPropertyName("submittedBy")] HfUser? SubmittedBy)
{
    public static HfDailyPaper From(CatalogEntry entry)
    {
        var day = SubmittedOnDaily(entry);
        var organization = HfOrganization.Of(entry.Paper);
        var submitter = entry.Paper.Submitter is { } user ? new HfUser(user, entry.Paper.SubmitterName ?? user) : null;
        // A paper never on Hugging Face's list (found by a search) has no day there: the list's time is its publication.
        var listed = day ?? Timestamp(DateTime.SpecifyKind(entry.Paper.PublishedAt ?? entry.Paper.FirstSeenAt, DateTimeKind.Utc));
        return new HfDailyPaper(HfPaper.From(entry, day), listed, entry.Paper.Title, entry.Paper.Abstract, entry.Paper.ThumbnailUrl, entry.Comments, organization, submitter);
    }

    /// <summary>The day the paper was on Hugging Face's list (midnight UTC, as the real API gives it), or null.</summary>
    public static string? SubmittedOnDaily(CatalogEntry entry) =>
        entry.Day is { } day ? Timestamp(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) : null;

    /// <summary>Hugging Face's timestamp format: 2026-08-21T00:00:00.000Z.</summary>
    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

public sealed record HfPaper(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("authors")] IReadOnlyList<HfAuthor> Authors,
    [property: JsonPropertyName("publishedAt")] string? PublishedAt,
    [property: JsonPropertyName("submittedOnDailyAt")] string? SubmittedOnDailyAt,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("upvotes")] int Upvotes,
    [property: JsonPropertyName("projectPage")] string? ProjectPage,
    [property: JsonPropertyName("githubRepo")] string? GithubRepo,
    [property: JsonPropertyName("githubStars")] int? GithubStars,
    [property: JsonPropertyName("ai_summary")] string? AiSummary,
    [property: JsonPropertyName("ai_keywords")] IReadOnlyList<string>? AiKeywords,
    [property: JsonPropertyName("organization")] HfOrganization? Organization)
{
    public static HfPaper From(CatalogEntry entry, string? day)
    {
        var p = entry.Paper;
        return new HfPaper(
            p.ArxivId,
            [.. p.Authors.Select(a => new HfAuthor(a, false))],
            p.PublishedAt is { } published ? HfDailyPaper.Timestamp(DateTime.SpecifyKind(published, DateTimeKind.Utc)) : null,
            day,
            p.Title,
            p.Abstract,
            entry.Upvotes,
            p.ProjectPage,
            p.GithubRepo,
            p.GithubStars,
            p.AiSummary,
            p.Keywords.Count > 0 ? p.Keywords : null,
            HfOrganization.Of(p));
    }
}

public sealed record HfAuthor([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("hidden")] bool Hidden);

/// <summary>Hugging Face's organization object: its handle (<c>name</c>, when known) and display name.</summary>
public sealed record HfOrganization(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("fullname")] string Fullname)
{
    public static HfOrganization? Of(PaperFeed.Core.Papers.Paper paper) =>
        paper.Organization is not null || paper.OrganizationHandle is not null
            ? new HfOrganization(paper.OrganizationHandle, paper.Organization ?? paper.OrganizationHandle!)
            : null;
}

/// <summary>Hugging Face's user object as in <c>submittedBy</c>: the user name and the display name.</summary>
public sealed record HfUser([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("fullname")] string Fullname);
