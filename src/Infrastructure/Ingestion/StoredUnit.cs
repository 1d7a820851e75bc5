namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>What storing one unit did: the days of its list, and papers added or updated outside any list.</summary>
public sealed record StoredUnit(IReadOnlyList<StoredDay> Days, int NewPapers, int UpdatedPapers, int Skipped);
