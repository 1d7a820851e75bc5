using System.Text.RegularExpressions;

namespace PaperFeed.Core.Subscriptions;

/// <summary>
/// Chooses a subscriber's papers for an edition: first the new papers of authors they follow (whatever the other
/// filters say), then the top by upvotes of those that pass their filters; nothing sent before.
/// </summary>
public static class DigestSelector
{
    /// <summary>The chosen papers, and when there are none, why (for the log and the dry run).</summary>
    public static (IReadOnlyList<DigestCandidate> Papers, string? WhyEmpty) Select(
        IReadOnlyList<DigestCandidate> candidates, DigestPreferences preferences, IReadOnlySet<int> alreadySent)
    {
        if (candidates.Count == 0)
        {
            return ([], "no papers in this edition");
        }

        var include = preferences.IncludeKeywords.Select(Matcher).ToList();
        var exclude = preferences.ExcludeKeywords.Select(Matcher).ToList();
        var fresh = candidates.Where(c => !alreadySent.Contains(c.PaperId)).ToList();
        if (fresh.Count == 0)
        {
            return ([], $"all {candidates.Count} papers of this edition were in earlier digests");
        }

        var followedKeys = preferences.FollowedKeys();
        var followed = Best(fresh.Where(c => DigestPreferences.ByAnyOf(followedKeys, c.Authors)), preferences.MaxPapers);
        var popular = fresh.Where(c => c.Upvotes >= preferences.MinUpvotes && !followed.Contains(c)).ToList();
        var matching = Best(popular
            .Where(c => include.Count == 0 || include.Any(m => Mentions(c, m)))
            .Where(c => !exclude.Any(m => Mentions(c, m))), preferences.MaxPapers);
        if (followed.Count + matching.Count > 0)
        {
            return ([.. followed, .. matching], null);
        }

        return popular.Count == 0
            ? ([], $"none of {fresh.Count} new papers has {preferences.MinUpvotes} upvotes or more")
            : ([], $"none of {popular.Count} new papers matches the keyword filters");
    }

    private static List<DigestCandidate> Best(IEnumerable<DigestCandidate> papers, int count) =>
        [.. papers.OrderByDescending(c => c.Upvotes).ThenBy(c => c.ArxivId, StringComparer.Ordinal).Take(Math.Max(1, count))];

    private static bool Mentions(DigestCandidate paper, Regex keyword) =>
        keyword.IsMatch(paper.Title) || keyword.IsMatch(paper.Abstract) || paper.Keywords.Any(keyword.IsMatch);

    // Whole words, any case: "RL" matches "RL" and "rl-based" but not "world".
    private static Regex Matcher(string keyword) =>
        new($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(keyword.Trim())}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
