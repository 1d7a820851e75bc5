namespace PaperFeed.Core.Ingestion;

/// <summary>
/// Unit <see cref="Number"/> of <see cref="Total"/> of a source's answer (<see cref="Label"/>: its day, file or category):
/// either the unit, or the failure that kept it from being fetched and the state row to record that on.
/// </summary>
public sealed record FetchResult(int Number, int Total, string Label, IngestionUnit? Unit, SourceException? Failure, string? StateKey)
{
    /// <summary>Runs one fetch; a <see cref="SourceException"/> becomes a failed result, so the source goes on with the next unit.</summary>
    public static async Task<FetchResult> TryAsync(int number, int total, string label, string? stateKey, Func<Task<IngestionUnit>> fetch)
    {
        try
        {
            return new FetchResult(number, total, label, await fetch(), null, stateKey);
        }
        catch (SourceException e)
        {
            return new FetchResult(number, total, label, null, e, stateKey);
        }
    }
}
