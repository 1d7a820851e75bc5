namespace PaperFeed.Web.Queries;

/// <summary>A page of an organization's papers, newest first.</summary>
public sealed record OrganizationList(OrganizationRef Organization, IReadOnlyList<PaperListItem> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
