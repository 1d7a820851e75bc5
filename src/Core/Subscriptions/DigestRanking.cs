namespace PaperFeed.Core.Subscriptions;

/// <summary>How a digest orders the papers that are not by followed authors.</summary>
public enum DigestRanking
{
    /// <summary>The day's top papers by upvotes that pass the keyword and upvote filters (the default).</summary>
    Top = 0,

    /// <summary>The papers most like the subscriber's library (<see cref="Recommendations.InterestModel"/>), once it has enough saved papers.</summary>
    ForYou = 1,

    /// <summary>Half "for you", then half top by upvotes; never one paper twice.</summary>
    Mixed = 2,
}
