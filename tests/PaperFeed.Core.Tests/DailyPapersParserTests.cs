using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.HuggingFace;
using PaperFeed.Testing;

namespace PaperFeed.Core.Tests;

/// <summary>The parser over every recorded schema variant of Hugging Face's daily_papers API (2024 to 2026).</summary>
public sealed class DailyPapersParserTests
{
    [Theory]
    [InlineData("2024-05-27", 13, "2405.15738", "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models", 32, 3, 9, "Chunjiang Ge", "Bo Zheng")]
    [InlineData("2025-03-14", 26, "2503.10613", "CoSTAast: Cost-Sensitive Toolpath Agent for Multi-turn Image Editing", 29, 7, 4, "Advait Gupta", "Tianyi Zhou")]
    [InlineData("2025-06-17", 24, "2506.13585", "MiniMax-M1: Scaling Test-Time Compute Efficiently with Lightning Attention", 148, 2, 127, "MiniMax", "Zijun Sun")]
    [InlineData("2025-09-16", 13, "2509.12201", "OmniWorld: A Multi-Domain and Multi-Modal Dataset for 4D World Modeling", 58, 1, 19, "Yang Zhou", "Tong He")]
    [InlineData("2026-08-21", 17, "2608.19880", "EnvHarness: Awakening Static Worlds for Agent Learning", 163, 1, 17, "Chengsong Huang", "Chen-Yu Lee")]
    public void Reads_every_entry_of_each_schema_variant(
        string day, int count, string firstId, string firstTitle, int upvotes, int comments, int authors, string firstAuthor, string lastAuthor)
    {
        var listing = Parse(day);

        Assert.Empty(listing.Skipped);
        Assert.Equal(count, listing.Entries.Count);
        Assert.Equal(count, listing.Entries.Select(e => e.Paper.ArxivId).Distinct().Count());
        Assert.All(listing.Entries, e => Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), e.Date));

        var first = listing.Entries[0];
        Assert.Equal(firstId, first.Paper.ArxivId);
        Assert.Equal(firstTitle, first.Paper.Title);
        Assert.Equal(upvotes, first.Upvotes);
        Assert.Equal(comments, first.Comments);
        Assert.Equal(authors, first.Paper.Authors.Count);
        Assert.Equal(firstAuthor, first.Paper.Authors[0]);
        Assert.Equal(lastAuthor, first.Paper.Authors[^1]);
        Assert.StartsWith("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/", first.Paper.ThumbnailUrl);
        Assert.NotNull(first.Paper.PublishedAt);
        Assert.All(listing.Entries, e => Assert.DoesNotContain('\n', e.Paper.Title));
        Assert.All(listing.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Paper.Abstract)));
    }

    [Theory]
    [InlineData("2024-05-27", 0, 0, 0, 0, 0)]
    [InlineData("2025-03-14", 8, 0, 8, 23, 0)]
    [InlineData("2025-06-17", 9, 0, 6, 24, 24)]
    [InlineData("2025-09-16", 9, 9, 8, 13, 13)]
    [InlineData("2026-08-21", 12, 12, 9, 16, 16)]
    public void Optional_fields_are_read_where_present_and_absent_elsewhere(
        string day, int github, int stars, int projectPages, int keywords, int aiSummaries)
    {
        var entries = Parse(day).Entries;

        Assert.Equal(github, entries.Count(e => e.Paper.GithubRepo is not null));
        Assert.Equal(stars, entries.Count(e => e.Paper.GithubStars is not null));
        Assert.Equal(projectPages, entries.Count(e => e.Paper.ProjectPage is not null));
        Assert.Equal(keywords, entries.Count(e => e.Paper.Keywords.Count > 0));
        Assert.Equal(aiSummaries, entries.Count(e => e.Paper.AiSummary is not null));
        Assert.All(entries.Where(e => e.Paper.GithubStars is not null), e => Assert.NotNull(e.Paper.GithubRepo));
    }

    [Fact]
    public void Newest_schema_carries_organization_stars_and_keywords()
    {
        var first = Parse("2026-08-21").Entries[0].Paper;

        Assert.Equal("Google", first.Organization);
        Assert.Equal("https://github.com/google-research/envharness", first.GithubRepo);
        Assert.Equal(8, first.GithubStars);
        Assert.Equal("https://envharness.com/", first.ProjectPage);
        Assert.Equal(8, first.Keywords.Count);
        Assert.Equal("LLM agents", first.Keywords[0]);
        Assert.StartsWith("EnvHarness and EnvRigger dynamically reshape static environments", first.AiSummary);

        var withoutSummary = Parse("2026-08-21").Entries.Single(e => e.Paper.ArxivId == "2608.19861").Paper;
        Assert.Null(withoutSummary.AiSummary);
        Assert.Empty(withoutSummary.Keywords);
    }

    [Fact]
    public void The_organization_handle_and_the_submitter_are_read_where_the_schema_has_them()
    {
        var newest = Parse("2026-08-21").Entries.ToDictionary(e => e.Paper.ArxivId, e => e.Paper);
        Assert.Equal(("Google", "google"), (newest["2608.19880"].Organization, newest["2608.19880"].OrganizationHandle));
        Assert.Equal("utokyo-ai", newest.Values.Last().OrganizationHandle);
        Assert.All(newest.Values, p => Assert.NotNull(p.OrganizationHandle)); // every entry of that day names one
        Assert.Equal(("taesiri", "taesiri"), (newest["2608.19880"].Submitter, newest["2608.19880"].SubmitterName));
        Assert.Equal(2, newest.Values.Count(p => p.Submitter == "taesiri"));

        // 2025-06: the submitter's user name and display name differ; no organizations yet.
        var june = Parse("2025-06-17").Entries.Select(e => e.Paper).ToList();
        var franck = june.Single(p => p.ArxivId == "2506.12953");
        Assert.Equal(("Franck-Dernoncourt", "Franck Dernoncourt"), (franck.Submitter, franck.SubmitterName));
        Assert.All(june, p => Assert.Null(p.OrganizationHandle));

        // 2024 and 2025-03 have neither.
        Assert.All(Parse("2024-05-27").Entries.Concat(Parse("2025-03-14").Entries), e => Assert.Equal((null, null), (e.Paper.Submitter, e.Paper.OrganizationHandle)));
    }

    [Fact]
    public void A_name_that_is_no_hugging_face_name_is_not_kept_as_a_handle()
    {
        // Handles become addresses (/orgs/{handle}): path characters, spaces and markup are no names on Hugging Face.
        const string json = """
            [{"paper":{"id":"2501.00001","title":"T","summary":"S","authors":[{"name":"A"}],"upvotes":1,
              "organization":{"name":"../admin","fullname":"Evil Org"},"submittedOnDailyBy":{"user":"a b","fullname":"X"}},
              "submittedBy":{"name":"<script>","fullname":"Y"},"numComments":0},
             {"paper":{"id":"2501.00002","title":"T","summary":"S","authors":[{"name":"A"}],"upvotes":1,
              "submittedOnDailyBy":{"user":"real-user.1","fullname":"Real"}},"numComments":0}]
            """;

        var papers = DailyPapersParser.Parse(Encoding.UTF8.GetBytes(json), new DateOnly(2025, 1, 1)).Entries.Select(e => e.Paper).ToList();

        Assert.Equal(("Evil Org", null, null), (papers[0].Organization, papers[0].OrganizationHandle, papers[0].Submitter));
        Assert.Equal(("real-user.1", "Real"), (papers[1].Submitter, papers[1].SubmitterName));
    }

    [Fact]
    public void Oldest_schema_takes_the_thumbnail_from_mediaUrl_and_keeps_non_ascii_author_names()
    {
        var entries = Parse("2024-05-27").Entries;

        Assert.Equal("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2405.15738.png", entries[0].Paper.ThumbnailUrl);
        var authors = entries.SelectMany(e => e.Paper.Authors).ToList();
        Assert.Contains("Ahmet Üstün", authors);
        Assert.Contains("Timothée Darcet", authors);
    }

    [Fact]
    public void Hard_line_breaks_in_titles_and_abstracts_are_joined()
    {
        var paper = Parse("2025-06-17").Entries[0].Paper;

        Assert.Equal("MiniMax-M1: Scaling Test-Time Compute Efficiently with Lightning Attention", paper.Title);
        Assert.StartsWith("We introduce MiniMax-M1, the world's first open-weight, large-scale hybrid-attention reasoning model. MiniMax-M1 is powered", paper.Abstract);
        Assert.DoesNotContain('\n', paper.Abstract);
    }

    [Fact]
    public void The_day_comes_from_submittedOnDailyAt_and_otherwise_from_the_requested_day()
    {
        var requested = new DateOnly(2030, 1, 1);

        var withSubmitted = DailyPapersParser.Parse(Fixtures.Bytes("hf-daily-papers/2025-06-17.json"), requested);
        Assert.All(withSubmitted.Entries, e => Assert.Equal(new DateOnly(2025, 6, 17), e.Date));

        var withoutSubmitted = DailyPapersParser.Parse(Fixtures.Bytes("hf-daily-papers/2025-03-14.json"), requested);
        Assert.All(withoutSubmitted.Entries, e => Assert.Equal(requested, e.Date));
    }

    [Fact]
    public void Entries_without_a_day_are_skipped_with_a_reason_when_no_day_is_given()
    {
        var listing = DailyPapersParser.Parse(Fixtures.Bytes("hf-daily-papers/2025-03-14.json"), defaultDay: null);

        Assert.Empty(listing.Entries);
        Assert.Equal(26, listing.Skipped.Count);
        Assert.Contains("submittedOnDailyAt", listing.Skipped[0].Reason);
    }

    [Theory]
    [InlineData("2024-05-27")]
    [InlineData("2026-08-21")]
    public void Formatting_does_not_matter(string day)
    {
        // The live API returns compact JSON; the recordings are indented. Re-serialize compactly and compare.
        var compact = JsonNode.Parse(Fixtures.Bytes($"hf-daily-papers/{day}.json"))!.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        var fromCompact = DailyPapersParser.Parse(Encoding.UTF8.GetBytes(compact), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        var fromRecorded = Parse(day);

        Assert.Equal(fromRecorded.Entries.Count, fromCompact.Entries.Count);
        for (var i = 0; i < fromRecorded.Entries.Count; i++)
        {
            Assert.Equal(fromRecorded.Entries[i].Paper.ArxivId, fromCompact.Entries[i].Paper.ArxivId);
            Assert.Equal(fromRecorded.Entries[i].Paper.Title, fromCompact.Entries[i].Paper.Title);
            Assert.Equal(fromRecorded.Entries[i].Paper.Authors, fromCompact.Entries[i].Paper.Authors);
            Assert.Equal(fromRecorded.Entries[i].Upvotes, fromCompact.Entries[i].Upvotes);
        }
    }

    [Fact]
    public void A_malformed_entry_is_skipped_with_its_reason_and_the_rest_is_kept()
    {
        // Built from the 2025-09-16 recording: break the id of entry 1, drop the paper object of entry 2,
        // null out optional fields of entry 3 (real responses omit them; a null must not break the parser either).
        var array = JsonNode.Parse(Fixtures.Bytes("hf-daily-papers/2025-09-16.json"))!.AsArray();
        array[1]!["paper"]!["id"] = "not-an-id";
        array[2]!.AsObject().Remove("paper");
        array[3]!["paper"]!["githubRepo"] = null;
        array[3]!["paper"]!["ai_keywords"] = null;
        array[3]!["paper"]!["upvotes"] = "many";
        array.Add(42);

        var listing = DailyPapersParser.Parse(Encoding.UTF8.GetBytes(array.ToJsonString()), new DateOnly(2025, 9, 16));

        Assert.Equal(11, listing.Entries.Count);
        Assert.Equal(3, listing.Skipped.Count);
        Assert.Equal((1, "not-an-id"), (listing.Skipped[0].Index, listing.Skipped[0].Id));
        Assert.Contains("is not an arXiv id", listing.Skipped[0].Reason);
        Assert.Equal(2, listing.Skipped[1].Index);
        Assert.Contains("no \"paper\" object", listing.Skipped[1].Reason);
        Assert.Equal(13, listing.Skipped[2].Index);
        var tolerant = listing.Entries.Single(e => e.Paper.ArxivId == array[3]!["paper"]!["id"]!.GetValue<string>());
        Assert.Null(tolerant.Paper.GithubRepo);
        Assert.Empty(tolerant.Paper.Keywords);
        Assert.Equal(0, tolerant.Upvotes);
    }

    [Theory]
    [InlineData("paper", "paperInfo", "none of the 13 entries could be read (entry 0: entry has no \"paper\" object)")]
    [InlineData("id", "arxivId", "none of the 13 entries could be read (entry 0: paper has no \"id\")")]
    [InlineData("upvotes", "likes", "none of the 13 entries has a number in paper.upvotes")]
    public void A_field_renamed_in_every_entry_is_a_changed_format_not_a_day_of_skips_or_of_zero_votes(string field, string renamedTo, string expected)
    {
        // The 2025-09-16 recording with one field renamed in every entry, as a new version of the API would do it.
        var array = JsonNode.Parse(Fixtures.Bytes("hf-daily-papers/2025-09-16.json"))!.AsArray();
        foreach (var entry in array)
        {
            var owner = field == "paper" ? entry!.AsObject() : entry!["paper"]!.AsObject();
            var value = owner[field]!;
            owner.Remove(field);
            owner[renamedTo] = value;
        }

        var error = Assert.Throws<UpstreamFormatException>(() => DailyPapersParser.Parse(Encoding.UTF8.GetBytes(array.ToJsonString()), new DateOnly(2025, 9, 16)));

        Assert.Contains(expected, error.Message);
        Assert.Contains("the format may have changed", error.Message);
    }

    [Fact]
    public void An_empty_day_is_no_error()
    {
        Assert.Empty(DailyPapersParser.Parse("[]"u8, new DateOnly(2025, 9, 16)).Entries);
    }

    [Theory]
    [InlineData("<html><body>Service unavailable</body></html>", "not valid JSON")]
    [InlineData("{\"error\":\"Rate limit reached\"}", "\"Rate limit reached\"")]
    [InlineData("[{\"paper\":", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    public void A_body_that_is_not_a_list_of_papers_is_an_error(string body, string expected)
    {
        var error = Assert.Throws<UpstreamFormatException>(() => DailyPapersParser.Parse(Encoding.UTF8.GetBytes(body), new DateOnly(2025, 1, 1)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Links_that_are_not_http_are_dropped()
    {
        const string json = """
            [{"paper":{"id":"2501.00001","title":"T","summary":"S","authors":[{"name":"A"}],"upvotes":1,
              "githubRepo":"javascript:alert(1)","projectPage":"https://example.org/p"},
              "thumbnail":"data:text/html,<script>","numComments":0}]
            """;

        var paper = DailyPapersParser.Parse(Encoding.UTF8.GetBytes(json), new DateOnly(2025, 1, 1)).Entries.Single().Paper;

        Assert.Null(paper.GithubRepo);
        Assert.Null(paper.ThumbnailUrl);
        Assert.Equal("https://example.org/p", paper.ProjectPage);
    }

    [Fact]
    public void Entries_embedded_in_another_document_are_read_like_an_api_response()
    {
        var api = Parse("2025-06-17");
        using var page = JsonDocument.Parse($"{{\"periodType\":\"day\",\"dailyPapers\":{File.ReadAllText(Fixtures.HuggingFaceDay("2025-06-17"))}}}");

        var embedded = DailyPapersParser.Parse(page.RootElement.GetProperty("dailyPapers"), null);

        Assert.Equal(api.Entries.Select(e => (e.Paper.ArxivId, e.Paper.Title, e.Date, e.Upvotes, e.Comments)), embedded.Entries.Select(e => (e.Paper.ArxivId, e.Paper.Title, e.Date, e.Upvotes, e.Comments)));
        var error = Assert.Throws<UpstreamFormatException>(() => DailyPapersParser.Parse(page.RootElement.GetProperty("periodType"), null));
        Assert.Equal("expected a JSON array of papers, got a JSON string", error.Message);
    }

    private static ParsedListing Parse(string day) =>
        DailyPapersParser.Parse(Fixtures.Bytes($"hf-daily-papers/{day}.json"), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
}
