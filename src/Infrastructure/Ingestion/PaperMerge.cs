using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Papers;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>
/// Merges a source's record into a stored paper: a field takes the record's value when the record has one;
/// a field the record lacks keeps what is stored (an older response without an AI summary never erases it).
/// Precedence: arXiv is the authority for the bibliographic fields (title, abstract, authors, dates, categories,
/// DOI, journal reference), Hugging Face for votes, comments, AI summary, keywords and code links. Once arXiv has
/// described a paper, other sources no longer change its bibliographic fields.
/// </summary>
internal static class PaperMerge
{
    public static void Apply(Paper paper, PaperRecord record)
    {
        if (record.Bibliography is { } bibliography)
        {
            ApplyBibliographic(paper, record);
            if (bibliography.Categories.Count > 0 && !bibliography.Categories.SequenceEqual(paper.Categories))
            {
                paper.Categories = [.. bibliography.Categories];
            }

            paper.PrimaryCategory = Pick(bibliography.PrimaryCategory, paper.PrimaryCategory);
            paper.Doi = Pick(bibliography.Doi, paper.Doi);
            paper.JournalRef = Pick(bibliography.JournalRef, paper.JournalRef);
            paper.ArxivComment = Pick(bibliography.Comment, paper.ArxivComment);
            paper.HasArxivBibliography = true;
        }
        else if (!paper.HasArxivBibliography)
        {
            ApplyBibliographic(paper, record);
        }

        paper.AiSummary = Pick(record.AiSummary, paper.AiSummary);
        if (record.Keywords.Count > 0 && CleanAll(record.Keywords) is var keywords && !keywords.SequenceEqual(paper.Keywords))
        {
            paper.Keywords = keywords;
        }

        paper.GithubRepo = Pick(record.GithubRepo, paper.GithubRepo);
        paper.GithubStars = record.GithubStars ?? paper.GithubStars;
        paper.ProjectPage = Pick(record.ProjectPage, paper.ProjectPage);
        paper.ThumbnailUrl = Pick(record.ThumbnailUrl, paper.ThumbnailUrl);
        paper.Organization = Pick(record.Organization, paper.Organization);
        paper.OrganizationHandle = Pick(record.OrganizationHandle, paper.OrganizationHandle);
        paper.Submitter = Pick(record.Submitter, paper.Submitter);
        paper.SubmitterName = Pick(record.SubmitterName, paper.SubmitterName);
    }

    private static void ApplyBibliographic(Paper paper, PaperRecord record)
    {
        paper.Title = Pick(record.Title, paper.Title) ?? paper.Title;
        paper.Abstract = Pick(record.Abstract, paper.Abstract) ?? paper.Abstract;
        if (record.Authors.Count > 0 && CleanAll(record.Authors) is var authors && !authors.SequenceEqual(paper.Authors))
        {
            paper.Authors = authors;
        }

        paper.PublishedAt = record.PublishedAt ?? paper.PublishedAt;
    }

    // Every text is stored without what XML cannot carry (PaperText.Clean): one such character in an upstream title
    // would otherwise break every feed that lists the paper.
    private static string? Pick(string? incoming, string? current) => PaperText.Clean(incoming) is { Length: > 0 } text ? text : current;

    private static List<string> CleanAll(IEnumerable<string> texts) => [.. texts.Select(t => PaperText.Clean(t)).Where(t => t.Length > 0)];
}
