using System.Net;
using PaperFeed.Web;

namespace PaperFeed.Web.Tests;

/// <summary>What every answer carries (CSP, nosniff, referrer policy), and HTTPS once the instance is published on it.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly PaperFeedFactory _app = new();

    public Task InitializeAsync() => _app.ImportAsync("2026-08-21");

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/", "strict-origin-when-cross-origin")]
    [InlineData("/papers/2608.19880", "strict-origin-when-cross-origin")]
    [InlineData("/api/daily_papers", "strict-origin-when-cross-origin")]
    [InlineData("/feeds/daily.atom", "strict-origin-when-cross-origin")]
    [InlineData("/thumbnails/2608.19880", "strict-origin-when-cross-origin")] // no local copy: a 404, with the headers too
    [InlineData("/no/such/page", "strict-origin-when-cross-origin")]
    [InlineData("/confirm/some-token", "no-referrer")]
    [InlineData("/manage/abc.def", "no-referrer")]
    [InlineData("/Manage/abc.def", "no-referrer")]
    [InlineData("/unsubscribe/abc.def", "no-referrer")]
    [InlineData("/feeds/personal/abc.def/papers.atom", "no-referrer")]
    public async Task Every_answer_says_what_may_load_and_sniffs_nothing(string path, string referrerPolicy)
    {
        var response = await _app.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(SecurityHeaders.PagePolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.PagePolicy);
        Assert.Equal(referrerPolicy, response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Pages_have_no_inline_script_or_style_for_the_policy_to_refuse()
    {
        foreach (var path in new[] { "/", "/papers/2608.19880", "/subscribe", "/search?q=agents", "/orgs/google" })
        {
            var (_, page) = await _app.GetPageAsync(path);
            Assert.All(page.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"{path}: an inline script"));
            Assert.Empty(page.QuerySelectorAll("style, [style]"));
            Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Links_out_send_no_referrer()
    {
        foreach (var path in new[] { "/", "/papers/2608.19880", "/subscribe", "/orgs/google" })
        {
            var (_, page) = await _app.GetPageAsync(path);
            var external = page.QuerySelectorAll("a[href^='http']").ToList();
            Assert.NotEmpty(external);
            Assert.All(external, a => Assert.Contains("noreferrer", (a.GetAttribute("rel") ?? "").Split(' ')));
        }
    }

    [Fact]
    public async Task Published_on_https_plain_http_is_redirected_and_https_gets_hsts_and_a_host_bound_form_cookie()
    {
        using var app = new PaperFeedFactory(new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://papers.example.org" }, realServer: true);
        app.StartServer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.ClientOptions.BaseAddress };

        using (var plain = new HttpRequestMessage(HttpMethod.Get, "/papers/date/2026-08-21?sort=newest"))
        {
            plain.Headers.Host = "papers.example.org";
            var redirected = await client.SendAsync(plain);
            Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
            Assert.Equal("https://papers.example.org/papers/date/2026-08-21?sort=newest", redirected.Headers.Location!.ToString());
        }

        // Health probes come over the private network in plain http, and stay there.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        // Through the TLS front (a trusted proxy on this machine saying the request was https), to a page with a form
        // that takes an antiforgery token (a subscriber's preferences).
        var manage = await app.ConfirmedManagePathAsync("reader@example.org");
        using var secure = new HttpRequestMessage(HttpMethod.Get, manage);
        secure.Headers.Host = "papers.example.org";
        secure.Headers.Add("X-Forwarded-Proto", "https");
        var page = await client.SendAsync(secure);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-PaperFeed.Antiforgery=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Published_on_http_nothing_is_redirected_and_no_hsts_is_sent()
    {
        var response = await _app.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
