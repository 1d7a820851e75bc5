using PaperFeed.Core.Papers;

namespace PaperFeed.Core.Subscriptions;

/// <summary>What a subscriber wants in their digest and when (stored with the subscription).</summary>
public sealed class DigestPreferences
{
    public const int DefaultHour = 8;
    public const int DefaultMaxPapers = 10;
    public const int MaxKeywords = 20;
    public const int MaxKeywordLength = 60;
    public const int MaxFollowedAuthors = 50;
    public const int MaxAuthorNameLength = 200;

    public DigestFrequency Frequency { get; set; } = DigestFrequency.Daily;

    /// <summary>Daily digests only: no digest on Saturday and Sunday (local time).</summary>
    public bool SkipWeekends { get; set; }

    /// <summary>Weekly digests only: the local day they arrive.</summary>
    public DayOfWeek WeeklyDay { get; set; } = DayOfWeek.Monday;

    /// <summary>Local hour (0–23) from which the digest is due.</summary>
    public int DeliveryHour { get; set; } = DefaultHour;

    /// <summary>IANA time zone name, e.g. "Asia/Tokyo".</summary>
    public string TimeZone { get; set; } = "UTC";

    public int MaxPapers { get; set; } = DefaultMaxPapers;

    public int MinUpvotes { get; set; }

    /// <summary>How the papers after those of followed authors are chosen (top by upvotes unless the subscriber asks otherwise).</summary>
    public DigestRanking Ranking { get; set; } = DigestRanking.Top;

    /// <summary>When not empty, a paper must mention at least one of these (title, abstract or keywords).</summary>
    public List<string> IncludeKeywords { get; set; } = [];

    /// <summary>A paper that mentions any of these is left out.</summary>
    public List<string> ExcludeKeywords { get; set; } = [];

    /// <summary>
    /// Authors whose new papers open every digest, whatever the other filters say (names matched as on author pages,
    /// <see cref="AuthorName.Key"/>).
    /// </summary>
    public List<string> FollowedAuthors { get; set; } = [];

    /// <summary>The match keys of <see cref="FollowedAuthors"/> (made once per use, not once per paper).</summary>
    public HashSet<string> FollowedKeys() =>
        FollowedAuthors.Select(AuthorName.Key).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether one of <paramref name="authors"/> has a name among <paramref name="followedKeys"/>.</summary>
    public static bool ByAnyOf(IReadOnlySet<string> followedKeys, IEnumerable<string> authors) =>
        followedKeys.Count > 0 && authors.Any(a => followedKeys.Contains(AuthorName.Key(a)));

    /// <summary>Whether one of <paramref name="authors"/> is an author this subscriber follows.</summary>
    public bool FollowsAnyOf(IEnumerable<string> authors) => FollowedAuthors.Count > 0 && ByAnyOf(FollowedKeys(), authors);
}
