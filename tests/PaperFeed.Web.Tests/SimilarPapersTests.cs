using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperFeed.Core.Ingestion;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>Similar papers on the paper page and in the API, from the real app, its search index and a real database.</summary>
public sealed class SimilarPapersTests : IDisposable
{
    // Three papers on speech recognition, on three recorded days: Whisper quantized (2025-03-14), a denoising language
    // model that corrects speech recognizers (2024-05-27) and benchmark optimization in ASR models (2026-08-21).
    private const string Whisper = "2503.09905", DenoisingLm = "2405.15216", AsrBenchmarks = "2608.19936";

    private readonly PaperFeedFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_paper_page_lists_the_papers_on_its_topic_first_with_authors_and_day()
    {
        await _app.ImportAsync("2024-05-27", "2025-03-14", "2026-08-21");

        var (response, page) = await _app.GetPageAsync($"/papers/{Whisper}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var section = page.QuerySelector("article section.similar")!;
        Assert.Equal("Similar papers", section.QuerySelector("h2")!.TextContent);
        var items = section.QuerySelectorAll("ol.similar-papers > li");
        Assert.Equal(8, items.Length);
        var links = items.Select(li => li.QuerySelector("a")!.GetAttribute("href")).ToList();
        Assert.Equal([$"/papers/{DenoisingLm}", $"/papers/{AsrBenchmarks}"], links.Take(2));
        Assert.DoesNotContain($"/papers/{Whisper}", links);
        Assert.Equal(links.Count, links.Distinct().Count());

        var first = items[0];
        Assert.Equal("Denoising LM: Pushing the Limits of Error Correction Models for Speech Recognition", first.QuerySelector("a")!.TextContent);
        Assert.Equal("Zijin Gu, Tatiana Likhomanenko, He Bai and 3 more · May 27, 2024", first.QuerySelector(".authors")!.TextContent);
        Assert.Equal("2024-05-27", first.QuerySelector("time")!.GetAttribute("datetime"));
    }

    [Fact]
    public async Task The_api_answers_the_pages_list_in_the_shape_of_a_paper_and_404_for_an_unknown_paper()
    {
        await _app.ImportAsync("2024-05-27", "2025-03-14", "2026-08-21");
        var client = _app.CreateClient();

        var similar = JsonNode.Parse(await client.GetStringAsync($"/api/papers/{Whisper}/similar"))!.AsArray();

        var (_, page) = await _app.GetPageAsync($"/papers/{Whisper}");
        Assert.Equal(
            page.QuerySelectorAll("ol.similar-papers a").Select(a => a.GetAttribute("href")),
            similar.Select(p => "/papers/" + p!["id"]!.GetValue<string>()));
        foreach (var paper in similar.Take(3))
        {
            // Each one exactly as /api/papers/{id} gives it.
            var alone = JsonNode.Parse(await client.GetStringAsync($"/api/papers/{paper!["id"]!.GetValue<string>()}"));
            Assert.True(JsonNode.DeepEquals(alone, paper), $"{paper.ToJsonString()}\n{alone!.ToJsonString()}");
        }

        using var unknown = await client.GetAsync("/api/papers/9999.99999/similar");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Paper not found", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
        using var malformed = await client.GetAsync("/api/papers/not-an-id/similar");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Old_style_ids_have_similar_papers_too()
    {
        await _app.StoreAsync(new ParsedListing(
            [
                Featured("astro-ph/0601001", "Quasar winds in dwarf galaxies", "Quasar winds shape dwarf galaxies."),
                Featured("astro-ph/0601002", "Dwarf galaxies without quasar winds", "Dwarf galaxies grow where quasar winds are weak."),
            ],
            []));

        var similar = JsonNode.Parse(await _app.CreateClient().GetStringAsync("/api/papers/astro-ph/0601001/similar"))!.AsArray();

        Assert.Equal(["astro-ph/0601002"], similar.Select(p => p!["id"]!.GetValue<string>()));
        var (_, page) = await _app.GetPageAsync("/papers/astro-ph/0601001");
        Assert.Equal("/papers/astro-ph/0601002", page.QuerySelector("ol.similar-papers a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_paper_another_process_stores_is_listed_at_the_next_request()
    {
        await _app.StoreAsync(new ParsedListing([Featured("2611.00011", "Quokka burrows in coastal heath", "We map quokka burrows along the coastal heath.")], []));
        var (_, before) = await _app.GetPageAsync("/papers/2611.00011");
        Assert.Empty(before.QuerySelectorAll("ol.similar-papers li"));

        // An operator command in a process of its own stores a paper on the same animal, as the ingest job would.
        var saved = Path.Combine(_app.DataDirectory, "2026-11-02.json");
        await File.WriteAllTextAsync(saved, JsonSerializer.Serialize(new[]
        {
            new
            {
                paper = new { id = "2611.00012", title = "How quokka burrows cool the heath", summary = "Quokka burrows stay cool in summer heath.", authors = new[] { new { name = "Ada Lovelace" } }, upvotes = 3 },
                title = "How quokka burrows cool the heath",
                numComments = 0,
            },
        }));
        var import = await AppProcess.RunAsync(_app.DataDirectory, new Dictionary<string, string>(), "ingest", "huggingface", "--file", saved, "--date", "2026-11-02");
        Assert.True(import.ExitCode == 0, import.Stderr);

        var (_, after) = await _app.GetPageAsync("/papers/2611.00011");
        Assert.Equal(["/papers/2611.00012"], after.QuerySelectorAll("ol.similar-papers a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task A_paper_like_no_other_says_so()
    {
        await _app.StoreAsync(new ParsedListing(
            [
                Featured("2611.00021", "Quokka burrows", "Marsupials dig tunnels nightly."),
                Featured("2611.00022", "Galaxy rotation curves", "Stellar velocities flatten outward."),
            ],
            []));

        var (response, page) = await _app.GetPageAsync("/papers/2611.00021");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var section = page.QuerySelector("section.similar")!;
        Assert.Null(section.QuerySelector("ol"));
        Assert.Equal("No other paper in this catalog is like this one yet.", section.QuerySelector("p")!.TextContent);
        Assert.Equal("[]", await _app.CreateClient().GetStringAsync("/api/papers/2611.00021/similar"));
    }

    private static FeaturedRecord Featured(string id, string title, string summary) =>
        new(new PaperRecord(id, title, summary, ["Ada Lovelace"], null), new DateOnly(2026, 11, 1), 1, 0);

    [Fact]
    public async Task Among_papers_that_share_its_words_those_of_its_own_arxiv_categories_come_first()
    {
        // Built for this test: a translation paper in cs.CL, a cs.CV paper that shares more of its words, a cs.CL paper
        // that shares fewer, and unrelated papers so that the shared words are telling (in few of the papers).
        static FeaturedRecord Paper(string id, string title, string @abstract, params string[] categories) =>
            new(new PaperRecord(id, title, @abstract, ["A. Author"], null) { Bibliography = new Bibliography(categories, categories[0], null, null, null) }, new DateOnly(2026, 8, 20), 0, 0);
        FeaturedRecord[] papers =
        [
            Paper("2608.00001", "Attention for neural machine translation", "We translate sentences with attention in neural machine translation models.", "cs.CL"),
            Paper("2608.00002", "Attention for neural image translation", "We translate images with attention in neural image translation models.", "cs.CV"),
            Paper("2608.00003", "Low-resource translation", "Translation of sentences for low-resource languages.", "cs.CL"),
            .. Enumerable.Range(10, 12).Select(i => Paper($"2608.{i:00000}", $"Unrelated study {i}", $"Galaxies, proteins and bridges number {i}.", "astro-ph.GA")),
        ];
        await _app.StoreAsync(new ParsedListing(papers, []), "arxiv:cs.CL");
        var client = _app.CreateClient();

        var similar = JsonNode.Parse(await client.GetStringAsync("/api/papers/2608.00001/similar"))!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToList();

        Assert.Equal(["2608.00003", "2608.00002"], similar.Take(2));
    }
}
