namespace PaperFeed.Infrastructure.Search;

/// <summary>
/// The papers most like one paper, best first. <see cref="Incomplete"/>: the index is still being built (or far behind
/// the catalog), so papers may be missing.
/// </summary>
public sealed record SimilarResults(IReadOnlyList<SimilarPaper> Papers, bool Incomplete);
