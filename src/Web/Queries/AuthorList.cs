namespace PaperFeed.Web.Queries;

/// <summary>A page of an author's papers, newest first: the name's match key and the spellings it was written with, most used first.</summary>
public sealed record AuthorList(string Key, IReadOnlyList<string> Spellings, IReadOnlyList<PaperListItem> Items, int Total, int Page, int PageSize)
{
    public string Name => Spellings[0];

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
