namespace PaperFeed.Core.Ingestion.Arxiv;

/// <summary>A page of arXiv API results: the entries, the skipped ones, and the paging numbers the API reports.</summary>
public sealed record ArxivFeed(IReadOnlyList<ArxivEntry> Entries, IReadOnlyList<SkippedEntry> Skipped, int TotalResults, int StartIndex, int ItemsPerPage);
