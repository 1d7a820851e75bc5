using PaperFeed.Core.Ingestion;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>Unit <see cref="Number"/> of <see cref="Total"/> is done: stored as <see cref="Stored"/>, or failed with <see cref="Error"/>.</summary>
public sealed record UnitProgress(int Number, int Total, string Label, StoredUnit? Stored, SourceException? Error);
