namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>
/// One subscription's own links: its manage page, its unsubscribe page, its private feed and its library's exports
/// and feed, each carrying a token good for that purpose only. Paths are for the site's pages and redirects; URLs are
/// absolute, for emails.
/// </summary>
public sealed record SubscriptionLinks(string ManagePath, string UnsubscribePath, string FeedPath, string ManageUrl, string UnsubscribeUrl, string FeedUrl)
{
    /// <summary>The library as BibTeX (<c>.bib</c>), as CSV (<c>.csv</c>) and its Atom feed.</summary>
    public required LibraryLinks Library { get; init; }
}

/// <summary>The read-only links of a subscriber's library (paths, for the preferences page).</summary>
public sealed record LibraryLinks(string BibTexPath, string CsvPath, string FeedPath);
