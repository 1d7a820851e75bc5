namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>
/// One subscription's own links: its manage page, its unsubscribe page and its private feed, each carrying a token
/// good for that purpose only. Paths are for the site's pages and redirects; URLs are absolute, for emails.
/// </summary>
public sealed record SubscriptionLinks(string ManagePath, string UnsubscribePath, string FeedPath, string ManageUrl, string UnsubscribeUrl, string FeedUrl);
