using System.Globalization;

namespace PaperFeed.Infrastructure.Search;

/// <summary>How far the search index got in the change log and which database it was built from, as each commit records it.</summary>
/// <param name="Applied">The last change log entry in the index; -1 until the index was (re)built.</param>
/// <param name="Catalog">The database the index was built from (<c>SearchCatalog.Id</c>); null before the first build.</param>
internal readonly record struct SearchIndexPosition(long Applied, string? Catalog)
{
    /// <summary>Bump when documents change shape: an index written by another schema is rebuilt.</summary>
    private const string Schema = "2"; // 2: categories in lower case
    private const string SeqKey = "seq";
    private const string SchemaKey = "schema";
    private const string CatalogKey = "catalog";

    public static SearchIndexPosition Unbuilt { get; } = new(-1, null);

    /// <summary>What a commit recorded; an index of another schema reads as not built yet.</summary>
    public static SearchIndexPosition Read(IDictionary<string, string> commitData) => new(
        commitData.TryGetValue(SchemaKey, out var schema) && schema == Schema
        && commitData.TryGetValue(SeqKey, out var seq) && long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1,
        commitData.TryGetValue(CatalogKey, out var catalog) ? catalog : null);

    /// <summary>The user data of a commit that applied the log up to <paramref name="applied"/> from <paramref name="catalog"/>.</summary>
    public static Dictionary<string, string> CommitData(long applied, string catalog) => new()
    {
        [SeqKey] = applied.ToString(CultureInfo.InvariantCulture),
        [SchemaKey] = Schema,
        [CatalogKey] = catalog,
    };
}
