using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>A category's new-listing page: the announcement day it shows, its entries (announce type new, cross or replace) and the skipped ones.</summary>
public sealed record ArxivListing(DateOnly Day, IReadOnlyList<ArxivEntry> Entries, IReadOnlyList<SkippedEntry> Skipped);
