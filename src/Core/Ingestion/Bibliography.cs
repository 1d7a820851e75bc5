namespace PaperFeed.Core.Ingestion;

/// <summary>
/// arXiv's bibliographic data of a paper. A record that carries it comes from arXiv and is the authority for the
/// paper's title, abstract, authors and dates too; Hugging Face's records stay the authority for votes, AI summary,
/// keywords and code links.
/// </summary>
public sealed record Bibliography(IReadOnlyList<string> Categories, string? PrimaryCategory, string? Doi, string? JournalRef, string? Comment);
