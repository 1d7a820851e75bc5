namespace PaperFeed.Core.Ingestion;

/// <summary>The usable entries of one upstream response and the entries that were skipped.</summary>
public sealed record ParsedListing(IReadOnlyList<FeaturedRecord> Entries, IReadOnlyList<SkippedEntry> Skipped);
