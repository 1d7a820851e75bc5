namespace PaperFeed.Core.Ingestion;

/// <summary>One entry of a source's list for one day: the paper and that day's counts.</summary>
public sealed record FeaturedRecord(PaperRecord Paper, DateOnly Date, int Upvotes, int Comments);
