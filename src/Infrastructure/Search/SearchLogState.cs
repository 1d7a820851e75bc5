namespace PaperFeed.Infrastructure.Search;

/// <summary>Which database the change log belongs to, and its first and last entries (0 when it is empty).</summary>
/// <param name="Catalog">The database's id (<c>SearchCatalog.Id</c>), "" when it has none.</param>
public sealed record SearchLogState(string Catalog, long First, long Latest);
