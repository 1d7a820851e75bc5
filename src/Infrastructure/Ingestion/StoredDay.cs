namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>What storing one day's list did: entries on the list, papers new to the catalog, papers whose details changed.</summary>
public sealed record StoredDay(string Source, DateOnly Day, int Entries, int NewPapers, int UpdatedPapers);
