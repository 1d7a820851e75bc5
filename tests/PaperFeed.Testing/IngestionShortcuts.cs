using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Listing;
using PaperFeed.Infrastructure.Ingestion;

namespace PaperFeed.Testing;

/// <summary>The tests' ways into the one ingestion path (<see cref="IngestionService"/>), in fewer words.</summary>
public static class IngestionShortcuts
{
    /// <summary>Stores a parsed listing onto a list (named as stored: huggingface, arxiv:cs.CL), as an import of saved responses does.</summary>
    public static async Task<IReadOnlyList<StoredDay>> StoreListingAsync(this IngestionService ingestion, string list, ParsedListing listing) =>
        (await ingestion.StoreAsync(
            IngestionUnit.Of(ListKey.TryParse(list, out var key) ? key : throw new ArgumentException($"no list is named {list}", nameof(list)), listing, null, "test"),
            CancellationToken.None)).Days;

    /// <summary>Runs a query on a source as the jobs and commands do: the days stored; throws the failure when a unit failed.</summary>
    public static async Task<IReadOnlyList<StoredDay>> IngestAsync(this IngestionService ingestion, IPaperSource source, SourceQuery query) =>
        (await ingestion.IngestReportAsync(source, query)).Stored;

    /// <summary>The same, with the whole report (papers added outside lists too).</summary>
    public static async Task<IngestionReport> IngestReportAsync(this IngestionService ingestion, IPaperSource source, SourceQuery query) =>
        (await ingestion.RunAsync(source, query, progress: null, CancellationToken.None)).ThrowIfFailed();
}
