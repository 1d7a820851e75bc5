using System.Text.RegularExpressions;
using PaperFeed.Core.Recommendations;

namespace PaperFeed.Core.Subscriptions;

/// <summary>
/// Chooses a subscriber's papers for an edition: first the new papers of authors they follow (whatever the other
/// filters say), then by their ranking: the top by upvotes of those that pass their filters, the papers their own
/// model ranks highest ("for you", once they have saved enough), or half of each. Never a paper sent before, and
/// never one they marked.
/// </summary>
public static class DigestSelector
{
    /// <summary>The chosen papers in digest order, and when there are none, why (for the log and the dry run).</summary>
    public static (IReadOnlyList<DigestPick> Papers, string? WhyEmpty) Select(
        IReadOnlyList<DigestCandidate> candidates, DigestPreferences preferences, IReadOnlySet<int> alreadySent, Relevance? relevance = null)
    {
        relevance ??= Relevance.None;
        if (candidates.Count == 0)
        {
            return ([], "no papers in this edition");
        }

        var include = preferences.IncludeKeywords.Select(Matcher).ToList();
        var exclude = preferences.ExcludeKeywords.Select(Matcher).ToList();
        var fresh = candidates.Where(c => !alreadySent.Contains(c.PaperId) && !relevance.Marked.Contains(c.PaperId)).ToList();
        if (fresh.Count == 0)
        {
            return ([], relevance.Marked.Count == 0
                ? $"all {candidates.Count} papers of this edition were in earlier digests"
                : $"all {candidates.Count} papers of this edition were in earlier digests or marked in the library");
        }

        var count = Math.Max(1, preferences.MaxPapers);
        var followedKeys = preferences.FollowedKeys();
        var followed = Best(fresh.Where(c => DigestPreferences.ByAnyOf(followedKeys, c.Authors)), count);
        var rest = fresh.Where(c => !followed.Contains(c)).ToList();
        var popular = rest.Where(c => c.Upvotes >= preferences.MinUpvotes).ToList();
        var matching = Best(popular
            .Where(c => include.Count == 0 || include.Any(m => Mentions(c, m)))
            .Where(c => !exclude.Any(m => Mentions(c, m))), int.MaxValue);
        // "For you" replaces the include keywords and the upvote floor (the model is the filter); excluded words still hold.
        var model = preferences.Ranking == DigestRanking.Top ? null : relevance.Model;
        var forYou = model is null ? [] : rest
            .Where(c => !exclude.Any(m => Mentions(c, m)))
            .Select(c => (Paper: c, Score: model.Score(c)))
            .OrderByDescending(s => s.Score).ThenByDescending(s => s.Paper.Upvotes).ThenBy(s => s.Paper.ArxivId, StringComparer.Ordinal)
            .Select(s => s.Paper)
            .ToList();

        List<DigestPick> picks = [.. followed.Select(c => new DigestPick(c, DigestSection.Followed))];
        if (model is null)
        {
            picks.AddRange(matching.Take(count).Select(c => new DigestPick(c, DigestSection.Top)));
        }
        else
        {
            // Mixed: the better half for you, then the top by upvotes, then more for you if the filters leave too few.
            var personal = preferences.Ranking == DigestRanking.Mixed ? (count + 1) / 2 : count;
            var chosen = forYou.Take(personal).ToList();
            var top = matching.Where(c => !chosen.Contains(c)).Take(count - chosen.Count).ToList();
            chosen.AddRange(forYou.Where(c => !chosen.Contains(c) && !top.Contains(c)).Take(count - chosen.Count - top.Count));
            picks.AddRange(chosen.Select(c => new DigestPick(c, DigestSection.ForYou, model.Why(c))));
            picks.AddRange(top.Select(c => new DigestPick(c, DigestSection.Top)));
        }

        if (picks.Count > 0)
        {
            return (picks, null);
        }

        return popular.Count == 0
            ? ([], $"none of {fresh.Count} new papers has {preferences.MinUpvotes} upvotes or more")
            : ([], $"none of {popular.Count} new papers matches the keyword filters");
    }

    private static List<DigestCandidate> Best(IEnumerable<DigestCandidate> papers, int count) =>
        [.. papers.OrderByDescending(c => c.Upvotes).ThenBy(c => c.ArxivId, StringComparer.Ordinal).Take(count)];

    private static bool Mentions(DigestCandidate paper, Regex keyword) =>
        keyword.IsMatch(paper.Title) || keyword.IsMatch(paper.Abstract) || paper.Keywords.Any(keyword.IsMatch);

    // Whole words, any case: "RL" matches "RL" and "rl-based" but not "world".
    private static Regex Matcher(string keyword) =>
        new($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(keyword.Trim())}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
