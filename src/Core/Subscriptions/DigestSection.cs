namespace PaperFeed.Core.Subscriptions;

/// <summary>Why a paper is in a digest, which is also the heading it appears under.</summary>
public enum DigestSection
{
    /// <summary>Top by upvotes among the papers that pass the subscriber's filters.</summary>
    Top = 0,

    /// <summary>By an author the subscriber follows.</summary>
    Followed = 1,

    /// <summary>Ranked by the subscriber's own model of what they save.</summary>
    ForYou = 2,
}
