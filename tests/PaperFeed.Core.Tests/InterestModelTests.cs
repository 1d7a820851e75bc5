using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Core.Recommendations;
using PaperFeed.Core.Subscriptions;
using PaperFeed.Testing;

namespace PaperFeed.Core.Tests;

public sealed class InterestModelTests
{
    private static readonly Lazy<(List<DigestCandidate> Papers, Dictionary<int, string> Primary)> Feed = new(() =>
    {
        // The recorded arXiv feed: 1,504 real papers, each with its primary category.
        using var stream = File.OpenRead(Fixtures.Path("arxiv-rss/2024-11-28_all-archives.rss.xml"));
        var entries = ArxivRssParser.Parse(stream).Entries.DistinctBy(e => e.Paper.ArxivId).ToList();
        var papers = entries.Select((e, i) => new DigestCandidate(i + 1, e.Paper.ArxivId, e.Paper.Title, e.Paper.Abstract, [], 0)).ToList();
        return (papers, entries.Select((e, i) => (Id: i + 1, e.PrimaryCategory!)).ToDictionary(x => x.Id, x => x.Item2));
    });

    [Theory]
    [InlineData("cs.CV")]
    [InlineData("quant-ph")]
    [InlineData("astro-ph.GA")]
    public void Ten_saved_papers_of_a_category_rank_that_category_first_among_papers_it_has_not_seen(string category)
    {
        var (papers, primary) = Feed.Value;
        var ofCategory = papers.Where(p => primary[p.PaperId] == category).ToList();
        var saved = ofCategory.Take(10).ToList();
        var pool = papers.Where((_, i) => i % 3 == 0).ToList(); // a third of the catalog, as the digest run samples it
        var unseen = papers.Where((p, i) => i % 3 != 0 && !saved.Contains(p)).ToList();
        var space = TermSpace.Build([.. pool, .. saved, .. unseen]);
        var negatives = InterestModel.SampleNegatives(pool, saved.Select(p => p.PaperId).ToHashSet(), 30, seed: 7); // as many as the app samples for 10 saved papers

        var model = InterestModel.Train(space, saved, negatives)!;
        var top10 = unseen.OrderByDescending(model.Score).Take(10).ToList();

        var share = unseen.Count(p => primary[p.PaperId] == category) / (double)unseen.Count;
        var precision = top10.Count(p => primary[p.PaperId] == category) / 10.0;
        Assert.True(share < 0.15, $"{category} is {share:P0} of the unseen papers");
        Assert.True(precision >= 0.6, $"precision@10 for {category}: {precision} ({string.Join(" | ", top10.Select(p => primary[p.PaperId] + " " + p.Title))})");
    }

    [Fact]
    public void Fewer_than_three_saved_papers_make_no_model()
    {
        var (papers, _) = Feed.Value;
        var space = TermSpace.Build(papers.Take(200));

        Assert.Null(InterestModel.Train(space, papers.Take(2).ToList(), papers.Skip(100).Take(50).ToList()));
        Assert.NotNull(InterestModel.Train(space, papers.Take(3).ToList(), papers.Skip(100).Take(50).ToList()));
    }

    [Fact]
    public void A_paper_close_to_a_saved_one_is_recommended_as_like_it_and_another_by_its_words()
    {
        DigestCandidate[] saved =
        [
            Paper(1, "Sparse attention for long video diffusion", "We make video diffusion transformers faster with sparse attention over frames."),
            Paper(2, "Consistent video diffusion editing", "Editing long videos with diffusion models while keeping frames consistent."),
            Paper(3, "Motion priors for video diffusion", "Video diffusion models learn motion priors that transfer to new scenes."),
        ];
        DigestCandidate[] others =
        [
            Paper(10, "Graph neural networks for molecules", "Message passing networks predict molecular properties."),
            Paper(11, "Bandits with delayed feedback", "Regret bounds for multi-armed bandits when rewards arrive late."),
            Paper(12, "Quantum error correction codes", "Surface codes and decoders for noisy quantum hardware."),
            Paper(13, "Proof search with language models", "Language models guide proof search in interactive theorem provers."),
        ];
        var nearCopy = Paper(20, "Sparse attention for long video diffusion at scale", "We make video diffusion transformers faster with sparse attention over many frames.");
        var related = Paper(21, "Protein structures by diffusion", "We predict protein structures and binding sites with a diffusion process over residues and atoms.");
        var space = TermSpace.Build([.. saved, .. others, nearCopy, related, Paper(30, "Protein binding sites", "Residues and atoms of protein structures and binding sites.")]);

        var model = InterestModel.Train(space, saved, others)!;

        Assert.Equal("Like “Sparse attention for long video diffusion” in your library", model.Why(nearCopy));
        Assert.StartsWith("Words that weighed most: ", model.Why(related), StringComparison.Ordinal);
        Assert.Contains("diffusion", model.Why(related), StringComparison.Ordinal);
        Assert.True(model.Score(related) > model.Score(others[0]));
    }

    [Fact]
    public void The_negative_sample_leaves_out_the_excluded_papers_and_is_the_same_for_the_same_seed()
    {
        var (papers, _) = Feed.Value;
        var pool = papers.Take(100).ToList();
        var excluded = new HashSet<int> { 1, 2, 3 };

        var sample = InterestModel.SampleNegatives(pool, excluded, 20, seed: 42);

        Assert.Equal(20, sample.Count);
        Assert.DoesNotContain(sample, p => excluded.Contains(p.PaperId));
        Assert.Equal(sample.Select(p => p.PaperId), InterestModel.SampleNegatives(pool, excluded, 20, seed: 42).Select(p => p.PaperId));
        Assert.NotEqual(sample.Select(p => p.PaperId), InterestModel.SampleNegatives(pool, excluded, 20, seed: 43).Select(p => p.PaperId));
    }

    internal static DigestCandidate Paper(int id, string title, string @abstract, int upvotes = 0) =>
        new(id, $"2608.{id:00000}", title, @abstract, [], upvotes);
}
