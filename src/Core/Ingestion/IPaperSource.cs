namespace PaperFeed.Core.Ingestion;

/// <summary>An upstream that publishes a list of papers per day (a plug-in of the ingestion job).</summary>
public interface IPaperSource
{
    /// <summary>The source's name, as stored in featured entries and its state row.</summary>
    string Name { get; }

    /// <summary>
    /// Fetches the list of one day. Throws <see cref="SourceException"/> naming the cause when the upstream
    /// cannot be reached or answers with something unreadable; skips (and reports) single malformed entries.
    /// </summary>
    Task<ParsedListing> FetchDayAsync(DateOnly day, CancellationToken cancellationToken);
}
