using PaperFeed.Core.Papers;

namespace PaperFeed.Web.Queries;

/// <summary>
/// A paper with its counts over a period and the first day it was featured in it: what feeds and the API serve.
/// <see cref="Day"/> is null for a paper that was never on the list asked about (an arXiv paper in a search).
/// </summary>
public sealed record CatalogEntry(Paper Paper, int Upvotes, int Comments, DateOnly? Day);
