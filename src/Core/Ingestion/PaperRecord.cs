namespace PaperFeed.Core.Ingestion;

/// <summary>A paper as one source reported it, normalized: what the catalog merges into a stored paper.</summary>
public sealed record PaperRecord(
    string ArxivId,
    string Title,
    string Abstract,
    IReadOnlyList<string> Authors,
    DateTime? PublishedAt)
{
    public string? AiSummary { get; init; }

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public string? GithubRepo { get; init; }

    public int? GithubStars { get; init; }

    public string? ProjectPage { get; init; }

    public string? ThumbnailUrl { get; init; }

    public string? Organization { get; init; }

    public string? OrganizationHandle { get; init; }

    public string? Submitter { get; init; }

    public string? SubmitterName { get; init; }

    /// <summary>Set by arXiv sources only (see <see cref="Ingestion.Bibliography"/>).</summary>
    public Bibliography? Bibliography { get; init; }
}
