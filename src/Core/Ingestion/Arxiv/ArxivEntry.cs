namespace PaperFeed.Core.Ingestion.Arxiv;

/// <summary>One paper as arXiv describes it: the common record plus arXiv's bibliographic fields.</summary>
public sealed record ArxivEntry(PaperRecord Paper, int? Version)
{
    public IReadOnlyList<string> Categories { get; init; } = [];

    public string? PrimaryCategory { get; init; }

    public string? Doi { get; init; }

    public string? JournalRef { get; init; }

    public string? Comment { get; init; }

    /// <summary>RSS only: new, cross, replace or replace-cross.</summary>
    public string? AnnounceType { get; init; }

    /// <summary>The record the catalog merges, carrying arXiv's bibliographic data; TeX accents in names and title are letters.</summary>
    public PaperRecord ToRecord() => Paper with
    {
        Title = LatexAccents.Decode(Paper.Title),
        Authors = [.. Paper.Authors.Select(LatexAccents.Decode)],
        Bibliography = new Bibliography(Categories, PrimaryCategory, Doi, JournalRef, Comment),
    };
}
