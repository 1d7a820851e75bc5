using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Infrastructure.Mail;

/// <summary>Everything a digest email shows, with absolute links already built.</summary>
public sealed record DigestContent(
    string To,
    string MessageId,
    string PeriodTitle,
    bool Weekly,
    IReadOnlyList<DigestPaper> Papers,
    string ManageUrl,
    string UnsubscribeUrl,
    string HomeUrl,
    string ListUrl)
{
    /// <summary>A line under the introduction, e.g. how "for you" starts.</summary>
    public string? Note { get; init; }
}

/// <summary>
/// One paper of a digest: the <paramref name="Section"/> it goes under, for a "for you" paper the
/// <paramref name="Reason"/>, and the subscriber's own "Save" and "Not for me" links.
/// </summary>
public sealed record DigestPaper(
    int Rank, string ArxivId, string Title, IReadOnlyList<string> Authors, int Upvotes, string Summary, string PageUrl,
    DigestSection Section = DigestSection.Top, string? Reason = null, string? SaveUrl = null, string? NotForMeUrl = null);
