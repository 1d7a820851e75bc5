using System.Net;
using System.Text.Json.Nodes;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// Public catalog pages are served from memory until the catalog changes, whichever process changes it; nothing
/// personal and no search is ever cached (<c>PageCache</c>).
/// </summary>
public sealed class PageCacheTests : IAsyncLifetime
{
    private const string Day = "2025-03-14";

    /// <summary>Every cached address of the day: the list page, its paper's page, the API's list and a list's feed.</summary>
    private static readonly string[] Cached = [$"/papers/date/{Day}", "/api/daily_papers?date=" + Day, "/feeds/daily.atom"];

    private readonly PaperFeedFactory _app = new();

    public Task InitializeAsync() => _app.ImportAsync(Day);

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_page_asked_for_again_is_served_without_touching_the_database()
    {
        var paper = await TopPaperAsync();
        foreach (var path in Cached.Append($"/papers/{paper}"))
        {
            var first = await BodyAsync(path);
            _app.SqlCommands.Clear();

            Assert.Equal(first, await BodyAsync(path));
            Assert.True(_app.SqlCommands.IsEmpty, $"{path}: {string.Join(" | ", _app.SqlCommands)}");
        }
    }

    [Fact]
    public async Task New_votes_stored_by_another_process_are_on_every_cached_page_at_the_next_request()
    {
        var before = await TopPaperAsync();
        var bodies = new Dictionary<string, string>();
        foreach (var path in Cached)
        {
            bodies[path] = await BodyAsync(path);
            Assert.Equal(bodies[path], await BodyAsync(path)); // now in the cache
        }

        // The day again, as the `ingest` command in a process of its own stores it: the last paper of the day now
        // has the most votes.
        var day = JsonNode.Parse(await File.ReadAllTextAsync(Fixtures.HuggingFaceDay(Day)))!.AsArray();
        var last = day[^1]!["paper"]!;
        var risen = last["id"]!.GetValue<string>();
        last["upvotes"] = 99_999;
        var file = Path.Combine(_app.DataDirectory, "votes.json");
        await File.WriteAllTextAsync(file, day.ToJsonString());
        var run = await AppProcess.RunAsync(_app.DataDirectory, new Dictionary<string, string>(), "ingest", "huggingface", "--file", file, "--date", Day);
        Assert.True(run.ExitCode == 0, run.Stderr);

        Assert.NotEqual(before, risen);
        Assert.Equal(risen, await TopPaperAsync());
        foreach (var path in Cached)
        {
            var now = await BodyAsync(path);
            Assert.NotEqual(bodies[path], now);
            Assert.Contains(risen, now);
        }

        var (_, json) = await GetAsync("/api/daily_papers?date=" + Day);
        Assert.Equal(99_999, JsonNode.Parse(json)!.AsArray()[0]!["paper"]!["upvotes"]!.GetValue<int>());
    }

    [Fact]
    public async Task Preferences_pages_and_search_are_made_for_every_request()
    {
        var manage = await _app.ConfirmedManagePathAsync("reader@example.org");
        foreach (var path in new[] { manage, "/search?q=language", "/api/papers/search?q=language" })
        {
            var (first, _) = await GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            _app.SqlCommands.Clear();

            var (again, _) = await GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.False(_app.SqlCommands.IsEmpty, $"{path} was served from the cache");
        }
    }

    private async Task<string> TopPaperAsync()
    {
        var (_, page) = await _app.GetPageAsync($"/papers/date/{Day}");
        return page.QuerySelector("li.card .card-title a")!.GetAttribute("href")!["/papers/".Length..];
    }

    private async Task<string> BodyAsync(string path)
    {
        var (response, body) = await GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        return body;
    }

    private async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);
        return (response, await response.Content.ReadAsStringAsync());
    }
}
