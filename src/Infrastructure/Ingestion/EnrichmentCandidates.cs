using Microsoft.EntityFrameworkCore;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Ingestion;

/// <summary>Which papers still lack arXiv's bibliographic data (another source brought them): what the arXiv API source asks about.</summary>
public sealed class EnrichmentCandidates(PaperFeedDbContext db)
{
    /// <summary>The newest papers first seen since <paramref name="since"/> without arXiv's data, at most 1,000.</summary>
    public async Task<IReadOnlyList<string>> RecentWithoutBibliographyAsync(DateTime since, CancellationToken cancellationToken) =>
        await db.Papers.AsNoTracking()
            .Where(p => !p.HasArxivBibliography && p.FirstSeenAt >= since)
            .OrderByDescending(p => p.FirstSeenAt)
            .Select(p => p.ArxivId)
            .Take(1000)
            .ToListAsync(cancellationToken);
}
