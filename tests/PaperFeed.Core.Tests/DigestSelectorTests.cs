using PaperFeed.Core.Recommendations;
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

    // Three saved papers on video diffusion; the edition has two more on it (few votes) and three popular others.
    private static readonly DigestCandidate[] Saved =
    [
        InterestModelTests.Paper(101, "Sparse attention for long video diffusion", "Video diffusion transformers made faster with sparse attention over frames."),
        InterestModelTests.Paper(102, "Consistent video diffusion editing", "Editing long videos with diffusion models while keeping frames consistent."),
        InterestModelTests.Paper(103, "Motion priors for video diffusion", "Video diffusion models learn motion priors for new scenes."),
    ];

    private static readonly DigestCandidate[] Edition =
    [
        InterestModelTests.Paper(1, "Agents that plan", "We study LLM agents that plan tool calls.", 50),
        InterestModelTests.Paper(2, "Theorem proving with language models", "Language models search for proofs.", 40),
        InterestModelTests.Paper(3, "Robot grasping", "Grasping objects with a robot arm.", 30),
        InterestModelTests.Paper(4, "Video diffusion with sparse frames", "A video diffusion model that attends to sparse frames.", 2),
        InterestModelTests.Paper(5, "Long video diffusion at low cost", "Diffusion over long video with fewer frames.", 1),
    ];

    private static Relevance Model(params int[] marked)
    {
        var others = new[]
        {
            InterestModelTests.Paper(201, "Graph networks for molecules", "Message passing predicts molecular properties."),
            InterestModelTests.Paper(202, "Bandits with delayed feedback", "Regret bounds when rewards arrive late."),
            InterestModelTests.Paper(203, "Quantum error correction", "Surface codes for noisy quantum hardware."),
            InterestModelTests.Paper(204, "Agents for web tasks", "LLM agents browse the web."),
        };
        var space = TermSpace.Build([.. Saved, .. others, .. Edition]);
        return new Relevance(marked.ToHashSet(), InterestModel.Train(space, Saved, others));
    }

    [Fact]
    public void For_you_ranks_by_the_subscribers_model_whatever_the_upvotes_and_says_why()
    {
        var preferences = new DigestPreferences { Ranking = DigestRanking.ForYou, MaxPapers = 2, MinUpvotes = 10 };

        var (papers, why) = DigestSelector.Select(Edition, preferences, new HashSet<int>(), Model());

        Assert.Null(why);
        Assert.Equal([4, 5], papers.Select(p => p.PaperId).Order());
        Assert.All(papers, p => Assert.Equal(DigestSection.ForYou, p.Section));
        Assert.All(papers, p => Assert.False(string.IsNullOrEmpty(p.Reason)));
    }

    [Fact]
    public void Mixed_is_half_for_you_then_the_top_by_upvotes_never_one_paper_twice()
    {
        var preferences = new DigestPreferences { Ranking = DigestRanking.Mixed, MaxPapers = 4 };

        var (papers, _) = DigestSelector.Select(Edition, preferences, new HashSet<int>(), Model());

        Assert.Equal([4, 5], papers.Take(2).Select(p => p.PaperId).Order());
        Assert.Equal([1, 2], papers.Skip(2).Select(p => p.PaperId));
        Assert.Equal([DigestSection.ForYou, DigestSection.ForYou, DigestSection.Top, DigestSection.Top], papers.Select(p => p.Section));
        Assert.Null(papers[2].Reason);
    }

    [Fact]
    public void Without_a_model_for_you_falls_back_to_the_top_by_upvotes_and_top_ignores_the_model()
    {
        var fallback = DigestSelector.Select(Edition, new DigestPreferences { Ranking = DigestRanking.ForYou, MaxPapers = 2 }, new HashSet<int>(), new Relevance(new HashSet<int>(), null));
        var top = DigestSelector.Select(Edition, new DigestPreferences { Ranking = DigestRanking.Top, MaxPapers = 2 }, new HashSet<int>(), Model());

        Assert.Equal([1, 2], fallback.Papers.Select(p => p.PaperId));
        Assert.Equal([1, 2], top.Papers.Select(p => p.PaperId));
        Assert.All(top.Papers, p => Assert.Equal(DigestSection.Top, p.Section));
    }

    [Fact]
    public void Marked_papers_are_never_chosen()
    {
        var preferences = new DigestPreferences { Ranking = DigestRanking.ForYou, MaxPapers = 2 };

        var (papers, _) = DigestSelector.Select(Edition, preferences, new HashSet<int>(), Model(marked: 4));
        var (none, why) = DigestSelector.Select(Edition, new DigestPreferences(), new HashSet<int> { 1, 2, 3 }, new Relevance(new HashSet<int> { 4, 5 }, null));

        Assert.Equal(5, papers[0].PaperId);
        Assert.DoesNotContain(papers, p => p.PaperId == 4);
        Assert.Equal(2, papers.Count);
        Assert.Empty(none);
        Assert.Equal("all 5 papers of this edition were in earlier digests or marked in the library", why);
    }
}
