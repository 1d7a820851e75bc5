namespace PaperFeed.Infrastructure.Sources.Arxiv;

/// <summary>
/// Where a category's current arXiv announcement is read from: the RSS feed or the <c>/list/{category}/new</c> page.
/// Both go through one ingestion path and fill the same list, <c>arxiv:{category}</c>.
/// </summary>
public interface IArxivAnnouncementSource
{
    /// <summary>Fetches the current announcement of a category. Throws <c>SourceException</c> naming the cause.</summary>
    Task<ArxivAnnouncement> FetchAsync(string category, CancellationToken cancellationToken);
}
