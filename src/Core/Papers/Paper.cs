namespace PaperFeed.Core.Papers;

/// <summary>One research paper, stored once per arXiv id whichever source reported it.</summary>
public sealed class Paper
{
    public int Id { get; set; }

    /// <summary>The arXiv id without version, e.g. "2405.15738" or "astro-ph/0601001".</summary>
    public required string ArxivId { get; set; }

    public required string Title { get; set; }

    public string Abstract { get; set; } = "";

    /// <summary>Author names in the order the paper lists them.</summary>
    public List<string> Authors { get; set; } = [];

    /// <summary>When arXiv published the paper (UTC).</summary>
    public DateTime? PublishedAt { get; set; }

    public string? AiSummary { get; set; }

    public List<string> Keywords { get; set; } = [];

    public string? GithubRepo { get; set; }

    public int? GithubStars { get; set; }

    public string? ProjectPage { get; set; }

    public string? ThumbnailUrl { get; set; }

    /// <summary>Display name of the organization that claimed the paper on Hugging Face ("Google").</summary>
    public string? Organization { get; set; }

    /// <summary>Hugging Face's handle of that organization ("google"): the address of its page, <c>/orgs/google</c>.</summary>
    public string? OrganizationHandle { get; set; }

    /// <summary>Hugging Face's user name of whoever put the paper on the daily list ("akhaliq").</summary>
    public string? Submitter { get; set; }

    /// <summary>That user's display name, as Hugging Face shows it.</summary>
    public string? SubmitterName { get; set; }

    /// <summary>arXiv categories, primary first when known (e.g. cs.CL, cs.LG).</summary>
    public List<string> Categories { get; set; } = [];

    public string? PrimaryCategory { get; set; }

    public string? Doi { get; set; }

    public string? JournalRef { get; set; }

    /// <summary>The authors' comment on arXiv ("12 pages, 4 figures").</summary>
    public string? ArxivComment { get; set; }

    /// <summary>True once arXiv itself described the paper: from then on its title, abstract and authors win.</summary>
    public bool HasArxivBibliography { get; set; }

    public DateTime FirstSeenAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<FeaturedEntry> Featured { get; set; } = [];
}
