using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperFeed.Core.Ingestion;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>The Hugging Face-compatible JSON API, checked field by field against a real Hugging Face response.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private readonly PaperFeedFactory _app = new();

    public Task InitializeAsync() => _app.ImportAsync("2025-03-14", "2025-06-17", "2026-08-21");

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("2025-06-17")]
    [InlineData("2026-08-21")]
    public async Task Daily_papers_has_hugging_faces_shape_and_values_for_the_same_day(string day)
    {
        var recorded = JsonNode.Parse(Fixtures.Bytes($"hf-daily-papers/{day}.json"))!.AsArray()
            .Select(e => e!.AsObject())
            .OrderByDescending(e => e["paper"]!["upvotes"]!.GetValue<int>())
            .ThenByDescending(e => e["numComments"]!.GetValue<int>())
            .ThenBy(e => e["paper"]!["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();

        var ours = await GetArrayAsync($"/api/daily_papers?date={day}");

        Assert.Equal(recorded.Count, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            var mine = ours[i]!.AsObject();
            var theirs = recorded[i];
            AssertSubsetOfSchema(mine, theirs);
            var paper = mine["paper"]!.AsObject();
            var theirPaper = theirs["paper"]!.AsObject();
            Assert.Equal(theirPaper["id"]!.GetValue<string>(), paper["id"]!.GetValue<string>());
            Assert.Equal(PaperText.Title(theirPaper["title"]!.GetValue<string>()), paper["title"]!.GetValue<string>());
            Assert.Equal(PaperText.Title(theirs["title"]!.GetValue<string>()), mine["title"]!.GetValue<string>());
            Assert.Equal(PaperText.Abstract(theirPaper["summary"]!.GetValue<string>()), paper["summary"]!.GetValue<string>());
            Assert.Equal(theirPaper["upvotes"]!.GetValue<int>(), paper["upvotes"]!.GetValue<int>());
            Assert.Equal(theirs["numComments"]!.GetValue<int>(), mine["numComments"]!.GetValue<int>());
            Assert.Equal(theirPaper["publishedAt"]!.GetValue<string>(), paper["publishedAt"]!.GetValue<string>());
            // PaperFeed keeps the day a paper was on the list, not the minute it was submitted to it.
            Assert.Equal(theirPaper["submittedOnDailyAt"]!.GetValue<string>()[..10] + "T00:00:00.000Z", paper["submittedOnDailyAt"]!.GetValue<string>());
            Assert.Equal(
                theirPaper["authors"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()),
                paper["authors"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
            foreach (var optional in new[] { "githubRepo", "githubStars", "projectPage", "ai_summary" })
            {
                Assert.Equal(theirPaper[optional]?.ToJsonString(), paper[optional]?.ToJsonString());
            }

            Assert.Equal(theirPaper["ai_keywords"]?.AsArray().Count ?? 0, paper["ai_keywords"]?.AsArray().Count ?? 0);
            Assert.Equal(theirs["thumbnail"]!.GetValue<string>(), mine["thumbnail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Week_month_sort_and_paging_work_like_the_pages()
    {
        Assert.Equal(26, (await GetArrayAsync("/api/daily_papers?week=2025-W11")).Count);
        Assert.Equal(24, (await GetArrayAsync("/api/daily_papers?month=2025-06")).Count);

        var all = await GetArrayAsync("/api/daily_papers?date=2025-03-14&limit=100");
        var firstPage = await GetArrayAsync("/api/daily_papers?date=2025-03-14&limit=10&p=0");
        var thirdPage = await GetArrayAsync("/api/daily_papers?date=2025-03-14&limit=10&p=2");
        Assert.Equal(all.Take(10).Select(Id), firstPage.Select(Id));
        Assert.Equal(all.Skip(20).Select(Id), thirdPage.Select(Id));

        var newest = await GetArrayAsync("/api/daily_papers?date=2025-03-14&sort=publishedAt");
        var published = newest.Select(e => e!["paper"]!["publishedAt"]!.GetValue<string>()).ToList();
        Assert.Equal(published.OrderByDescending(p => p, StringComparer.Ordinal), published);

        // No date: the latest day, as Hugging Face does with today.
        Assert.Equal(17, (await GetArrayAsync("/api/daily_papers")).Count);
    }

    [Theory]
    [InlineData("/api/daily_papers?date=2025-13-01", "date")]
    [InlineData("/api/daily_papers?date=yesterday", "date")]
    [InlineData("/api/daily_papers?week=2025-W99", "week")]
    [InlineData("/api/daily_papers?month=2025-3", "month")]
    [InlineData("/api/daily_papers?date=2025-03-14&week=2025-W11", "date")]
    [InlineData("/api/daily_papers?sort=bogus", "sort")]
    [InlineData("/api/daily_papers?limit=0", "limit")]
    [InlineData("/api/daily_papers?limit=1000", "limit")]
    [InlineData("/api/daily_papers?limit=ten", "limit")]
    [InlineData("/api/daily_papers?p=-1", "p")]
    [InlineData("/api/papers/search?q=", "q")]
    [InlineData("/api/papers/search?q=model&limit=0", "limit")]
    [InlineData("/api/papers/search?q=model&limit=121", "limit")]
    [InlineData("/api/papers/search?q=model&limit=ten", "limit")]
    [InlineData("/api/daily_papers?submitter=a%20b", "submitter")]
    [InlineData("/api/papers/not-an-id", "id")]
    public async Task Bad_parameters_get_a_400_problem_naming_the_parameter(string path, string parameter)
    {
        var response = await _app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Contains($"'{parameter}'", problem["title"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task A_paper_and_a_search_in_the_same_shape()
    {
        var response = await _app.CreateClient().GetAsync("/api/papers/2503.10480");
        var paper = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("2503.10480", paper["id"]!.GetValue<string>());
        Assert.Equal("World Modeling Makes a Better Planner: Dual Preference Optimization for Embodied Task Planning", paper["title"]!.GetValue<string>());
        Assert.Equal(24, paper["upvotes"]!.GetValue<int>());

        var missing = await _app.CreateClient().GetAsync("/api/papers/2503.99999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);

        var hits = await GetArrayAsync("/api/papers/search?q=planner");
        Assert.Equal("2503.10480", Id(hits[0]));
        Assert.Equal("World Modeling Makes a Better Planner: Dual Preference Optimization for Embodied Task Planning", hits[0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_search_answers_as_many_papers_as_its_limit_asks_like_list_papers_of_huggingface_hub()
    {
        // huggingface_hub's list_papers(query="model", limit=n) sends GET /api/papers/search?q=model&limit=n.
        var all = await GetArrayAsync("/api/papers/search?q=model&limit=120");
        Assert.InRange(all.Count, 51, 120); // more matches than the default 50, so the default and the limit both show
        Assert.Equal(50, (await GetArrayAsync("/api/papers/search?q=model")).Count);
        foreach (var limit in new[] { 1, 7, 51 })
        {
            var hits = await GetArrayAsync($"/api/papers/search?q=model&limit={limit}");
            Assert.Equal(all.Take(limit).Select(Id), hits.Select(Id)); // exactly that many, the best first
        }
    }

    [Theory]
    [InlineData("model")]
    [InlineData("\"language model\"")]
    [InlineData("planning OR agents")]
    [InlineData("transform*")]
    public async Task A_search_answers_the_papers_of_the_search_page_in_its_order(string query)
    {
        // The API asks the search for ids alone; the page reads and marks what it shows. Both rank alike.
        var shown = await _app.SearchResultIdsAsync(query);
        Assert.InRange(shown.Count, 2, 20);
        var answered = await GetArrayAsync($"/api/papers/search?q={Uri.EscapeDataString(query)}&limit=20");
        Assert.Equal(shown, answered.Select(Id));
    }

    [Fact]
    public async Task Daily_papers_of_one_submitter_like_list_daily_papers_of_huggingface_hub()
    {
        // list_daily_papers(date=…, submitter="taesiri") sends submitter; on 2026-08-21 taesiri put two papers on the list.
        var taesiri = await GetArrayAsync("/api/daily_papers?date=2026-08-21&submitter=taesiri");
        Assert.Equal(["2608.19880", "2608.19891"], taesiri.Select(Id).Order(StringComparer.Ordinal));
        Assert.Equal(new JsonObject { ["name"] = "taesiri", ["fullname"] = "taesiri" }.ToJsonString(), taesiri[0]!["submittedBy"]!.ToJsonString());
        Assert.Equal(taesiri.Select(Id), (await GetArrayAsync("/api/daily_papers?date=2026-08-21&submitter=TAESIRI")).Select(Id));
        Assert.Equal(2, (await GetArrayAsync("/api/daily_papers?week=2025-W25&submitter=Franck-Dernoncourt")).Count);
        Assert.Empty(await GetArrayAsync("/api/daily_papers?date=2026-08-21&submitter=nobody-here"));

        // The organization comes with its handle, as Hugging Face sends it.
        var google = (await GetArrayAsync("/api/daily_papers?date=2026-08-21")).Single(e => Id(e) == "2608.19880")!;
        Assert.Equal(new JsonObject { ["name"] = "google", ["fullname"] = "Google" }.ToJsonString(), google["organization"]!.ToJsonString());
    }

    [Fact]
    public async Task A_paper_that_was_never_on_hugging_faces_list_has_no_day_there()
    {
        var arxiv = new PaperRecord("2411.00077", "Capybara social networks", "Capybaras.", ["Ada Lovelace"], new DateTime(2024, 11, 27, 18, 0, 0, DateTimeKind.Utc));
        await _app.StoreAsync(new ParsedListing([new FeaturedRecord(arxiv, new DateOnly(2024, 11, 28), 0, 0)], []), "arxiv:cs.SI");

        var paper = JsonNode.Parse(await (await _app.CreateClient().GetAsync("/api/papers/2411.00077")).Content.ReadAsStringAsync())!.AsObject();
        var hit = (await GetArrayAsync("/api/papers/search?q=capybara")).Single()!.AsObject();

        Assert.False(paper.ContainsKey("submittedOnDailyAt"));
        Assert.False(hit["paper"]!.AsObject().ContainsKey("submittedOnDailyAt"));
        Assert.Equal("2024-11-27T18:00:00.000Z", hit["publishedAt"]!.GetValue<string>()); // its publication, not an invented day
    }

    [Fact]
    public async Task Cors_conditional_get_and_openapi()
    {
        var client = _app.CreateClient();
        using var cors = new HttpRequestMessage(HttpMethod.Get, "/api/daily_papers?date=2025-03-14");
        cors.Headers.Add("Origin", "https://client.example.org");
        var answer = await client.SendAsync(cors);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/daily_papers?date=2025-03-14");
        again.Headers.IfNoneMatch.Add(answer.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        var openApi = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var paths = openApi["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/daily_papers", paths);
        Assert.Contains("/api/papers/search", paths);
        var parameters = openApi["paths"]!["/api/daily_papers"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        Assert.Equal(["date", "week", "month", "sort", "p", "limit", "submitter"], parameters);
    }

    [Fact]
    public async Task Pages_and_thumbnails_share_a_per_client_budget_that_health_probes_and_static_files_do_not_touch()
    {
        using var app = new PaperFeedFactory(new Dictionary<string, string?> { ["Api:PageRequestsPerMinute"] = "3" });
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/papers/2501.00001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/thumbnails/2501.00001")).StatusCode);

        foreach (var path in new[] { "/", "/papers/date/2025-03-14", "/thumbnails/2501.00001" })
        {
            var limited = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        }

        var (_, page) = await app.GetPageAsync("/search?q=agents");
        Assert.Equal("Too many requests", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/site.css")).StatusCode);
    }

    [Fact]
    public async Task The_api_the_feeds_and_search_share_a_per_client_rate_limit_with_retry_after()
    {
        using var app = new PaperFeedFactory(new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "3" });
        var client = app.CreateClient();

        foreach (var path in new[] { "/api/daily_papers", "/feeds/daily.rss", "/feeds/search.atom?q=agents" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }

        foreach (var path in new[] { "/api/daily_papers", "/feeds/daily.atom", "/feeds/search.rss?q=agents", "/api/papers/search?q=agents" })
        {
            var limited = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
            Assert.Contains("At most 3 requests a minute per client", await limited.Content.ReadAsStringAsync());
        }

        // A search costs what an API call does: the search page counts against the same limit, and says so as a page.
        var search = await client.GetAsync("/search?q=agents");
        Assert.Equal((HttpStatusCode.TooManyRequests, "text/html"), (search.StatusCode, search.Content.Headers.ContentType?.MediaType));
        Assert.Contains("<h1>Too many requests</h1>", await search.Content.ReadAsStringAsync());
        // The other pages have their own, larger budget and stay open.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    private static string Id(JsonNode? entry) => entry!["paper"]!["id"]!.GetValue<string>();

    /// <summary>Every field we send exists in Hugging Face's response, with the same JSON type.</summary>
    private static void AssertSubsetOfSchema(JsonObject mine, JsonObject theirs)
    {
        foreach (var (key, value) in mine)
        {
            if (key == "organization" && theirs[key] is null)
            {
                continue; // older days have no organization at all
            }

            var other = theirs[key];
            Assert.True(other is not null || value is null || key is "summary" or "thumbnail", $"'{key}' is not in Hugging Face's response");
            if (value is JsonObject child && other is JsonObject otherChild)
            {
                AssertSubsetOfSchema(child, otherChild);
            }
            else if (other is not null && value is not null)
            {
                Assert.Equal(other.GetValueKind(), value.GetValueKind());
            }
        }
    }

    private async Task<JsonArray> GetArrayAsync(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }
}
