namespace PaperFeed.Web.Queries;

/// <summary>
/// The organization that claimed a paper on Hugging Face: its display name, and its handle when known (the address of
/// its page here, <c>/orgs/{handle}</c>; papers stored before handles were recorded have only the name).
/// </summary>
public sealed record OrganizationRef(string Name, string? Handle)
{
    public string? PagePath => Handle is null ? null : $"/orgs/{Handle}";

    public static OrganizationRef? Of(string? name, string? handle) =>
        name is not null || handle is not null ? new OrganizationRef(name ?? handle!, handle) : null;
}
