namespace PaperFeed.Infrastructure.Search;

/// <summary>One entry of the search change log: the paper <paramref name="PaperId"/> changed (or went) at <paramref name="Seq"/>.</summary>
public readonly record struct SearchChange(long Seq, int PaperId);
