using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Infrastructure.Sources.Arxiv;
using PaperFeed.Testing;

namespace PaperFeed.Infrastructure.Tests;

/// <summary>
/// arXiv's new-listing pages. The pages are built, not captured (no copy of a real one was found): real entries from
/// the recorded RSS and API responses, written in the structure of arXiv's own listing templates
/// (tests/testdata/BUILT-PAGES.md). Broken variants are made from them here.
/// </summary>
public sealed class ArxivListingParserTests
{
    private static readonly DateOnly Announced = new(2024, 11, 28);

    [Fact]
    public void A_listing_reads_its_day_and_every_entry_with_the_announce_type_of_its_section()
    {
        var listing = ArxivListingParser.Parse(Page("cs.CL-new-2024-11-28"));

        Assert.Equal(Announced, listing.Day);
        Assert.Empty(listing.Skipped);
        Assert.Equal(102, listing.Entries.Count);
        Assert.Equal([("new", 42), ("cross", 10), ("replace", 50)], listing.Entries.GroupBy(e => e.AnnounceType).Select(g => (g.Key!, g.Count())));

        var first = listing.Entries[0];
        Assert.Equal(("2411.17719", "SlideSpawn: An Automatic Slides Generation System for Research Publications"), (first.Paper.ArxivId, first.Paper.Title));
        Assert.Equal(["Keshav Kumar", "Ravindranath Chowdary"], first.Paper.Authors);
        Assert.Equal("cs.CL", first.PrimaryCategory);
        Assert.Equal(["cs.CL", "cs.AI", "cs.IR", "cs.LG"], first.Categories);
        Assert.Null(first.Paper.PublishedAt);

        var cross = Assert.Single(listing.Entries, e => e.Paper.ArxivId == "2411.17708");
        Assert.Equal(("cross", "cs.AI", "Towards Efficient Neurally-Guided Program Induction for ARC-AGI"), (cross.AnnounceType, cross.PrimaryCategory, cross.Paper.Title));
        Assert.StartsWith("ARC-AGI is an open-world problem domain", cross.Paper.Abstract);

        var replaced = listing.Entries.First(e => e.AnnounceType == "replace");
        Assert.Equal(("2307.14132", "cs.SD"), (replaced.Paper.ArxivId, replaced.PrimaryCategory));
        Assert.Equal("Language Development Research 5(1), 116-143 (2024)", listing.Entries.Single(e => e.Paper.ArxivId == "2403.14427").JournalRef);
    }

    [Fact]
    public void A_listing_says_about_each_paper_what_the_rss_feed_of_the_same_announcement_says()
    {
        var listing = ArxivListingParser.Parse(Page("cs.CL-new-2024-11-28"));
        using var rss = File.OpenRead(Fixtures.Path("arxiv-rss/2024-11-28_all-archives.rss.xml"));
        var feed = ArxivRssParser.Parse(rss).Entries.ToDictionary(e => e.Paper.ArxivId);

        Assert.All(listing.Entries, entry =>
        {
            var item = feed[entry.Paper.ArxivId];
            Assert.Equal(item.Paper.Title, entry.Paper.Title);
            Assert.Equal(item.Paper.Authors, entry.Paper.Authors);
            Assert.Equal(item.Paper.Abstract, entry.Paper.Abstract);
            Assert.Equal(item.Categories, entry.Categories);
            Assert.Equal(item.JournalRef, entry.JournalRef);
            Assert.Equal(item.AnnounceType == "replace", entry.AnnounceType == "replace");
        });
    }

    [Fact]
    public void Names_with_non_ascii_letters_comments_and_journal_references_are_read_as_written()
    {
        var listing = ArxivListingParser.Parse(Page("cs.SE-new-2024-05-23"));

        Assert.Equal(new DateOnly(2024, 5, 23), listing.Day);
        var paper = listing.Entries[0];
        Assert.Equal(("2405.13786", "new", "Towards Explainable Test Case Prioritisation with Learning-to-Rank Models"), (paper.Paper.ArxivId, paper.AnnounceType, paper.Paper.Title));
        Assert.Equal(["Aurora Ramírez", "Mario Berrios", "José Raúl Romero", "Robert Feldt"], paper.Paper.Authors);
        Assert.Equal(["cs.SE", "cs.AI"], paper.Categories);
        Assert.StartsWith("3rd International Workshop on Artificial Intelligence in Software Testing (AIST)", paper.Comment);
        Assert.StartsWith("Proc. 2023 IEEE International Conference on Software Testing", paper.JournalRef);
        Assert.Equal(("2204.08348", "replace"), (listing.Entries[1].Paper.ArxivId, listing.Entries[1].AnnounceType));
    }

    [Fact]
    public void Old_style_ids_and_hard_wrapped_titles_and_abstracts_are_read()
    {
        var listing = ArxivListingParser.Parse(Page("cond-mat.str-el-new-2006-11-08"));

        var paper = Assert.Single(listing.Entries);
        Assert.Equal(("cond-mat/0607501", "replace", "cond-mat.str-el"), (paper.Paper.ArxivId, paper.AnnounceType, paper.PrimaryCategory));
        Assert.Equal("A striped supersolid phase and the search for deconfined quantum criticality in hard-core bosons on the triangular lattice", paper.Paper.Title);
        Assert.Equal(["R. G. Melko", "A. Del Maestro", "A. A. Burkov"], paper.Paper.Authors);
        Assert.StartsWith("Using large-scale quantum Monte Carlo simulations we study bosons hopping on a triangular lattice", paper.Paper.Abstract);
        Assert.DoesNotContain('\n', paper.Paper.Abstract);
        Assert.Equal(("10 pages, 11 figures: new data for superfluid density anisotropy", "Phys. Rev. B 74, 214517 (2006)"), (paper.Comment, paper.JournalRef));
    }

    [Fact]
    public void A_page_that_says_no_updates_today_is_an_empty_listing()
    {
        var listing = ArxivListingParser.Parse(Page("cs.CL-new-no-updates"));

        Assert.Equal(new DateOnly(2024, 11, 29), listing.Day);
        Assert.Empty(listing.Entries);
        Assert.Empty(listing.Skipped);
    }

    [Fact]
    public void Without_section_headings_each_entry_says_what_it_is()
    {
        var page = Page("cs.CL-new-2024-11-28")
            .Replace("<h3>New submissions", "<p>New submissions", StringComparison.Ordinal)
            .Replace("<h3>Cross submissions", "<p>Cross submissions", StringComparison.Ordinal)
            .Replace("<h3>Replacement submissions", "<p>Replacement submissions", StringComparison.Ordinal);

        var listing = ArxivListingParser.Parse(page);

        Assert.Equal([("new", 42), ("cross", 10), ("replace", 50)], listing.Entries.GroupBy(e => e.AnnounceType).Select(g => (g.Key!, g.Count())));
    }

    [Fact]
    public void A_malformed_entry_is_skipped_with_its_number_and_reason_and_the_rest_is_kept()
    {
        var page = Page("cs.CL-new-2024-11-28");
        var third = NthIndexOf(page, "<a href =\"/abs/", 3);
        page = page[..third] + "<a href =\"/absent/" + page[(third + "<a href =\"/abs/".Length)..];

        var listing = ArxivListingParser.Parse(page);

        Assert.Equal(101, listing.Entries.Count);
        Assert.Equal(new SkippedEntry(3, null, "no /abs/ link"), Assert.Single(listing.Skipped));
    }

    [Theory]
    [InlineData("<dl", "<ul", "arXiv listing has no <dl> of papers")]
    [InlineData("Showing new listings for", "Listings for", "arXiv listing has no \"Showing new listings for <day>\" heading")]
    [InlineData("Thursday, 28 November 2024", "2024-11-28", "arXiv listing heading \"Showing new listings for 2024-11-28\" has no date like \"Thursday, 28 November 2024\"")]
    [InlineData("<h3>Cross submissions", "<h3>Withdrawn submissions", "arXiv listing has a section \"Withdrawn submissions (showing 10 of 10 entries)\" that is none of new submissions, cross-lists, replacements")]
    [InlineData("<dt>", "<dd>", "arXiv listing's <dl> has no <dt> entries")]
    [InlineData("href =\"/abs/", "href =\"/abstract?id=", "none of the 102 entries of the arXiv listing could be read (entry 1: no /abs/ link)")]
    public void A_page_whose_structure_changed_is_a_loud_error_naming_what_is_missing(string find, string replace, string message)
    {
        var page = Page("cs.CL-new-2024-11-28");
        Assert.Contains(find, page);

        var error = Assert.Throws<UpstreamFormatException>(() => ArxivListingParser.Parse(page.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Equal(message, error.Message);
    }

    private static int NthIndexOf(string text, string value, int n)
    {
        var index = -1;
        for (var i = 0; i < n; i++)
        {
            index = text.IndexOf(value, index + 1, StringComparison.Ordinal);
        }

        return index;
    }

    private static string Page(string name) => File.ReadAllText(Fixtures.Path($"arxiv-listing/{name}.html"));
}
