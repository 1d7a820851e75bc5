using PaperFeed.Core.Ingestion;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>The days a range ingestion stored and the days that failed.</summary>
public sealed record RangeResult(IReadOnlyList<StoredDay> Stored, IReadOnlyList<SourceException> Failures)
{
    /// <summary>Throws one exception naming every failed day, so a job fails and its scheduler retries it.</summary>
    public void ThrowIfFailed()
    {
        if (Failures.Count == 1)
        {
            throw Failures[0];
        }

        if (Failures.Count > 1)
        {
            throw new AggregateException(string.Join("; ", Failures.Select(f => f.Describe())), Failures);
        }
    }
}
