using PaperFeed.Core.Listing;

namespace PaperFeed.Core.Ingestion;

/// <summary>
/// One unit a source fetched, normalized: the entries of a list in the source's order (each with its day; every day is
/// stored in its own transaction), records that only refresh papers the catalog has, records merged without a list,
/// the entries skipped with their reasons, and the state row it is recorded on.
/// </summary>
public sealed record IngestionUnit
{
    /// <summary>The list the entries go on; null when the unit only refreshes or adds papers.</summary>
    public ListKey? List { get; init; }

    public IReadOnlyList<FeaturedRecord> Entries { get; init; } = [];

    /// <summary>Records that update papers the catalog has and add none (an announcement's replacements).</summary>
    public IReadOnlyList<PaperRecord> Refreshes { get; init; } = [];

    /// <summary>Records merged into the catalog (added when new) without being put on a list (arXiv lookups by id).</summary>
    public IReadOnlyList<PaperRecord> Papers { get; init; } = [];

    public IReadOnlyList<SkippedEntry> Skipped { get; init; } = [];

    /// <summary>The state row (last success, last error, cursor) this unit is recorded on; null records none (saved files).</summary>
    public string? StateKey { get; init; }

    /// <summary>Where ingestion stands after this unit, as the state row shows it (a day, a period, "no announcement").</summary>
    public string Cursor { get; init; } = "";

    /// <summary>How many items the upstream gave, as the state row shows it.</summary>
    public int ItemsSeen { get; init; }

    /// <summary>Where the unit came from, for log lines about skipped entries (a day, a file, a category).</summary>
    public required string Origin { get; init; }

    /// <summary>
    /// A parsed listing onto <paramref name="list"/>, recorded on the state row <paramref name="stateKey"/> (none when null)
    /// with <paramref name="cursor"/>, which also names its origin.
    /// </summary>
    public static IngestionUnit Of(ListKey list, ParsedListing listing, string? stateKey, string cursor) => new()
    {
        List = list,
        Entries = listing.Entries,
        Skipped = listing.Skipped,
        StateKey = stateKey,
        Cursor = cursor,
        ItemsSeen = listing.Entries.Count,
        Origin = cursor,
    };
}
