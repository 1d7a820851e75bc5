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
    string ListUrl);

/// <summary>One paper of a digest; <paramref name="ByFollowedAuthor"/> when an author the subscriber follows wrote it.</summary>
public sealed record DigestPaper(int Rank, string ArxivId, string Title, IReadOnlyList<string> Authors, int Upvotes, string Summary, string PageUrl, bool ByFollowedAuthor = false);
