using System.Text;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;
using PaperFeed.Testing;

namespace PaperFeed.Core.Tests;

/// <summary>The arXiv API (classic 2016 and current 2026 Atom) and RSS parsers over every recorded arXiv response.</summary>
public sealed class ArxivParserTests
{
    [Fact]
    public void Classic_atom_query_reads_every_entry_with_its_bibliographic_fields()
    {
        var feed = Atom("arxiv-api/2016-10-09_query_au-del_maestro.xml");

        Assert.Equal((31, 0, 10), (feed.TotalResults, feed.StartIndex, feed.ItemsPerPage));
        Assert.Equal(10, feed.Entries.Count);
        Assert.Empty(feed.Skipped);
        var first = feed.Entries[0];
        Assert.Equal(("1201.4869", 1), (first.Paper.ArxivId, first.Version));
        Assert.Equal("A Luttinger Liquid Core Inside Helium-4 Filled Nanopores", first.Paper.Title);
        Assert.StartsWith("As helium-4 is cooled below 2.17 K it undergoes a phase transition to a fundamentally new state of matter", first.Paper.Abstract);
        Assert.DoesNotContain('\n', first.Paper.Abstract);
        Assert.Equal(["Adrian Del Maestro"], first.Paper.Authors);
        Assert.Equal(["cond-mat.mes-hall", "cond-mat.other"], first.Categories);
        Assert.Equal("cond-mat.mes-hall", first.PrimaryCategory);
        Assert.Equal("10.1142/S021797921244002X", first.Doi);
        Assert.Equal("Int. J. Mod. Phys. B, 26, 1244002 (2012)", first.JournalRef);
        Assert.Equal("26 pages, 10 figures", first.Comment);
        Assert.Equal(new DateTime(2012, 1, 23, 21, 15, 2, DateTimeKind.Utc), first.Paper.PublishedAt);
    }

    [Fact]
    public void Old_style_ids_are_read_and_kept_without_version()
    {
        var second = Atom("arxiv-api/2016-10-09_query_au-del_maestro.xml").Entries[1];

        Assert.Equal(("cond-mat/0412498", 1), (second.Paper.ArxivId, second.Version));
        Assert.Equal(["Adrian Del Maestro", "Subir Sachdev"], second.Paper.Authors);
        Assert.Equal("Physical Review B 71, 184511 (2005)", second.JournalRef);
    }

    [Fact]
    public void An_id_list_answer_gives_the_one_paper()
    {
        var entry = Assert.Single(Atom("arxiv-api/2016-10-09_id_list_1111.2011v2.xml").Entries);

        Assert.Equal(("1111.2011", 2), (entry.Paper.ArxivId, entry.Version));
        Assert.Equal(["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"], entry.Paper.Authors);
        Assert.Equal("10.1103/PhysRevB.85.115117", entry.Doi);
    }

    [Fact]
    public void Current_atom_format_with_non_ascii_authors_decoded()
    {
        var feed = Recorded("2026-04-12_query_testing_s0_m10.recorded.json");

        Assert.Equal(214881, feed.TotalResults);
        Assert.Equal(10, feed.Entries.Count);
        Assert.Equal("2202.12139", feed.Entries[0].Paper.ArxivId);
        Assert.Equal(["cs.SE", "cs.LG"], feed.Entries[0].Categories);
        Assert.Equal("cs.SE", feed.Entries[0].PrimaryCategory);
        Assert.Equal("10.1109/ICSTW55395.2022.00035", feed.Entries[0].Doi);
        var second = feed.Entries[1];
        Assert.Equal("2405.13786", second.Paper.ArxivId);
        Assert.Equal(["Aurora Ramírez", "Mario Berrios", "José Raúl Romero"], second.Paper.Authors.Take(3));
        Assert.Null(feed.Entries[^1].Doi);
    }

    [Fact]
    public void A_paper_titled_0_is_a_paper()
    {
        var entry = Assert.Single(Recorded("2026-04-12_id_list_2104.12255v1.recorded.json").Entries);

        Assert.Equal("0", entry.Paper.Title);
        Assert.Equal("2104.12255", entry.Paper.ArxivId);
        Assert.StartsWith("What is the funniest number in cryptography? 0.", entry.Paper.Abstract);
        Assert.Equal(["Quan Thoi Minh Nguyen"], entry.Paper.Authors);
    }

    [Fact]
    public void The_error_feed_is_a_clear_error_not_a_paper_called_error()
    {
        var error = Assert.Throws<ArxivApiException>(() => Recorded("2026-04-12_id_list_abc_error400.recorded.json"));

        Assert.Equal("incorrect id format for abc", error.Message);
    }

    [Fact]
    public void An_empty_result_is_an_empty_feed()
    {
        const string empty = """
            <?xml version='1.0' encoding='UTF-8'?>
            <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
              <title>arXiv Query: search_query=all:zzzzqqq</title>
              <opensearch:totalResults>0</opensearch:totalResults><opensearch:startIndex>0</opensearch:startIndex><opensearch:itemsPerPage>10</opensearch:itemsPerPage>
            </feed>
            """;

        var feed = ArxivAtomParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(empty)));

        Assert.Empty(feed.Entries);
        Assert.Equal(0, feed.TotalResults);
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>", "expected an Atom feed")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><feed>&e;</feed>", "not valid XML")]
    [InlineData("not xml at all", "not valid XML")]
    public void A_body_that_is_not_an_atom_feed_is_an_error(string body, string expected)
    {
        var error = Assert.Throws<UpstreamFormatException>(() => ArxivAtomParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(body))));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_rss_announcement_parses_all_1504_items_with_their_announce_types()
    {
        using var stream = File.OpenRead(Fixtures.Path("arxiv-rss/2024-11-28_all-archives.rss.xml"));
        var feed = ArxivRssParser.Parse(stream);

        Assert.Equal(1504, feed.Entries.Count);
        Assert.Empty(feed.Skipped);
        Assert.Equal(
            new Dictionary<string, int> { ["new"] = 926, ["replace"] = 569, ["cross"] = 9 },
            feed.Entries.GroupBy(e => e.AnnounceType!).ToDictionary(g => g.Key, g => g.Count()));
        var first = feed.Entries[0];
        Assert.Equal(("2411.17700", 1), (first.Paper.ArxivId, first.Version));
        Assert.Equal("Exploring the Impact of Generative AI on Cross-Border E-Commerce Brand Building in Chinese Tianjin's Manufacturing Sector", first.Paper.Title);
        Assert.StartsWith("This study investigates the influence of generative artificial intelligence (AI)", first.Paper.Abstract);
        Assert.Equal(["cs.CY"], first.Categories);
        Assert.Equal("Jun Cui", first.Paper.Authors[0]);
        Assert.Equal(111, feed.Entries.Count(e => e.Doi is not null));
        Assert.Equal(97, feed.Entries.Count(e => e.JournalRef is not null));
        Assert.Equal(("2411.17697", "replace"), (feed.Entries[^1].Paper.ArxivId, feed.Entries[^1].AnnounceType));
        Assert.Equal(feed.Entries.Count, feed.Entries.Select(e => e.Paper.ArxivId).Distinct().Count());
    }

    [Fact]
    public void A_version_too_large_for_a_number_keeps_the_entry_without_its_version()
    {
        const string feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <entry><id>http://arxiv.org/abs/2411.17700v99999999999</id><title>Huge version</title><summary>Abstract.</summary>
                <author><name>A. Author</name></author><published>2024-11-26T18:59:59Z</published></entry>
              <entry><id>http://arxiv.org/abs/2411.17701v3</id><title>Third version</title><summary>Abstract.</summary>
                <author><name>B. Author</name></author><published>2024-11-26T18:59:59Z</published></entry>
            </feed>
            """;

        var entries = ArxivAtomParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(feed))).Entries;

        Assert.Equal([("2411.17700", (int?)null), ("2411.17701", 3)], entries.Select(e => (e.Paper.ArxivId, e.Version)));
    }

    [Fact]
    public void The_rss_error_channel_is_a_clear_error_and_an_empty_channel_an_empty_day()
    {
        using var errorStream = File.OpenRead(Fixtures.Path("arxiv-rss/2024-11-28_error_bad-archive-astroph.rss.xml"));
        var error = Assert.Throws<ArxivApiException>(() => ArxivRssParser.Parse(errorStream));
        Assert.StartsWith("Feed error for query: http://rss.arxiv.org/rss/astroph: Bad archive 'astroph'.", error.Message);

        const string weekend = """
            <?xml version='1.0' encoding='UTF-8'?>
            <rss version="2.0"><channel><title>cs.CL updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.CL</link>
            <description>cs.CL updates on the arXiv.org e-print archive.</description></channel></rss>
            """;
        Assert.Empty(ArxivRssParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(weekend))).Entries);
    }

    private static ArxivFeed Atom(string file)
    {
        using var stream = File.OpenRead(Fixtures.Path(file));
        return ArxivAtomParser.Parse(stream);
    }

    private static ArxivFeed Recorded(string file) => ArxivAtomParser.Parse(new MemoryStream(Fixtures.RecordedBody($"arxiv-api/{file}")));
}
