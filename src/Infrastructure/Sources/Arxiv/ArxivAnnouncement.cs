using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;

namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// A category's daily arXiv announcement, however it was read: the entries of the category's list of the day (new
/// submissions and cross-lists), and every paper it mentions (replacements too, whose bibliographic data is refreshed).
/// </summary>
public sealed record ArxivAnnouncement(ParsedListing Announced, IReadOnlyList<PaperRecord> Papers)
{
    /// <summary>
    /// Splits announced entries by their announce type. <paramref name="dayOf"/> gives the announcement day of an entry
    /// (null: not placed on a list). Dates on arXiv's announcements are the announcement's, not the paper's, so none is kept.
    /// </summary>
    public static ArxivAnnouncement From(IReadOnlyList<ArxivEntry> entries, IReadOnlyList<SkippedEntry> skipped, Func<ArxivEntry, DateOnly?> dayOf)
    {
        var announced = entries
            .Where(e => e.AnnounceType is "new" or "cross" && dayOf(e) is not null)
            .Select(e => new FeaturedRecord(e.ToRecord() with { PublishedAt = null }, dayOf(e)!.Value, 0, 0))
            .ToList();
        return new ArxivAnnouncement(new ParsedListing(announced, skipped), [.. entries.Select(e => e.ToRecord() with { PublishedAt = null })]);
    }
}
