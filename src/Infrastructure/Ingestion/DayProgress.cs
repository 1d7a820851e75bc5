using PaperFeed.Core.Ingestion;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>Progress of a range ingestion: day <see cref="Number"/> of <see cref="Total"/> is done (or failed with <see cref="Error"/>).</summary>
public sealed record DayProgress(int Number, int Total, DateOnly Day, int Entries, SourceException? Error);
