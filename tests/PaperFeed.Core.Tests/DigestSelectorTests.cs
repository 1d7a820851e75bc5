using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Core.Tests;

public sealed class DigestSelectorTests
{
    private static readonly DigestCandidate[] Papers =
    [
        new(1, "2608.00001", "Agents that plan", "We study LLM agents.", ["agents"], 50),
        new(2, "2608.00002", "Diffusion for video", "A video diffusion model.", ["diffusion"], 40),
        new(3, "2608.00003", "World models", "Reinforcement learning (RL) in simulated worlds.", [], 30),
        new(4, "2608.00004", "Small survey", "A survey of agents and diffusion.", [], 2),
    ];

    [Fact]
    public void Takes_the_top_papers_by_upvotes_up_to_the_limit()
    {
        var (papers, why) = DigestSelector.Select(Papers, new DigestPreferences { MaxPapers = 2 }, new HashSet<int>());

        Assert.Null(why);
        Assert.Equal([1, 2], papers.Select(p => p.PaperId));
    }

    [Fact]
    public void Include_and_exclude_keywords_match_whole_words_in_title_abstract_and_keywords()
    {
        var preferences = new DigestPreferences { IncludeKeywords = ["agents", "rl"], ExcludeKeywords = ["survey"] };

        var (papers, _) = DigestSelector.Select(Papers, preferences, new HashSet<int>());

        // "rl" matches "(RL)" but not "worlds"; the survey mentions agents but is excluded.
        Assert.Equal([1, 3], papers.Select(p => p.PaperId));
    }

    [Fact]
    public void Papers_sent_before_and_below_the_minimum_are_left_out_with_a_reason()
    {
        var (papers, _) = DigestSelector.Select(Papers, new DigestPreferences { MinUpvotes = 10 }, new HashSet<int> { 1 });
        Assert.Equal([2, 3], papers.Select(p => p.PaperId));

        var (none, why) = DigestSelector.Select(Papers, new DigestPreferences(), new HashSet<int> { 1, 2, 3, 4 });
        Assert.Empty(none);
        Assert.Equal("all 4 papers of this edition were in earlier digests", why);

        var (_, noMatch) = DigestSelector.Select(Papers, new DigestPreferences { IncludeKeywords = ["quantum"] }, new HashSet<int>());
        Assert.Equal("none of 4 new papers matches the keyword filters", noMatch);
    }

    [Fact]
    public void Keywords_with_regex_characters_are_taken_literally()
    {
        var papers = new DigestCandidate[] { new(1, "2608.00001", "C++ (and C#) tooling", "", [], 1) };

        Assert.Single(DigestSelector.Select(papers, new DigestPreferences { IncludeKeywords = ["C++"] }, new HashSet<int>()).Papers);
        Assert.Empty(DigestSelector.Select(papers, new DigestPreferences { IncludeKeywords = [".*"] }, new HashSet<int>()).Papers);
    }

    [Fact]
    public void Papers_of_followed_authors_come_first_whatever_the_upvotes_and_keywords_and_never_twice()
    {
        DigestCandidate[] papers =
        [
            new(1, "2608.00001", "Agents that plan", "We study LLM agents.", ["agents"], 50) { Authors = ["Ada Lovelace"] },
            new(2, "2608.00002", "Diffusion for video", "A video diffusion model.", ["diffusion"], 40) { Authors = ["Alan Turing"] },
            new(3, "2608.00003", "A note", "Nothing to see.", [], 1) { Authors = ["J\\\"urgen M\\\"uller", "Grace Hopper"] },
            new(4, "2608.00004", "Another note", "Still nothing.", [], 0) { Authors = ["Jurgen Muller"] },
        ];
        var preferences = new DigestPreferences { MinUpvotes = 10, IncludeKeywords = ["agents"], FollowedAuthors = ["Jürgen Müller"] };

        var (chosen, why) = DigestSelector.Select(papers, preferences, new HashSet<int>());
        var (again, _) = DigestSelector.Select(papers, preferences, new HashSet<int> { 3 });

        Assert.Null(why);
        // The followed author's papers first (best first), then the filters' top: paper 2 is not about agents.
        Assert.Equal([3, 4, 1], chosen.Select(p => p.PaperId));
        Assert.Equal([4, 1], again.Select(p => p.PaperId));
        Assert.True(preferences.FollowsAnyOf(["JURGEN MULLER"]));
        Assert.False(preferences.FollowsAnyOf(["Jurgen Mullerson"]));
    }
}
