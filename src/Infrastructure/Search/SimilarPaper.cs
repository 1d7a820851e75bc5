namespace PaperFeed.Infrastructure.Search;

/// <summary>A paper in a similar-papers list: what the list shows of it. <see cref="Day"/> is the first day it was on a list, else its arXiv publication day.</summary>
public sealed record SimilarPaper(string ArxivId, string Title, IReadOnlyList<string> Authors, DateOnly? Day);
