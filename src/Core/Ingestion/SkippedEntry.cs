namespace PaperFeed.Core.Ingestion;

/// <summary>An upstream entry that could not be used, with the reason (logged, never silently dropped).</summary>
public sealed record SkippedEntry(int Index, string? Id, string Reason);
