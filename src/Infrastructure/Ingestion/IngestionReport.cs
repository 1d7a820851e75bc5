using PaperFeed.Core.Ingestion;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>What one run of a source stored, and the units that failed (each already logged and recorded).</summary>
public sealed record IngestionReport(IReadOnlyList<StoredUnit> Units, IReadOnlyList<SourceException> Failures)
{
    /// <summary>Every day stored, in the order stored.</summary>
    public IReadOnlyList<StoredDay> Stored => [.. Units.SelectMany(u => u.Days)];

    /// <summary>Throws one exception naming every failed unit, so a job fails and its scheduler retries it.</summary>
    public IngestionReport ThrowIfFailed()
    {
        if (Failures.Count == 1)
        {
            throw Failures[0];
        }

        if (Failures.Count > 1)
        {
            throw new AggregateException(string.Join("; ", Failures.Select(f => f.Describe())), Failures);
        }

        return this;
    }
}
