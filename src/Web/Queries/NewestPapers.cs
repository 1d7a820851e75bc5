namespace PaperFeed.Web.Queries;

/// <summary>What the _NewestPapers partial shows: a page of papers newest first, and the address of any page of them.</summary>
public sealed record NewestPapers(IReadOnlyList<PaperListItem> Items, int Total, int Page, int PageCount, Func<int, string> Link);
