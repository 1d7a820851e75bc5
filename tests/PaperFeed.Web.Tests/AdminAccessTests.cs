using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace PaperFeed.Web.Tests;

/// <summary>
/// The operator pages fail closed: over a real socket on 127.0.0.1, requests that come straight from this machine and
/// requests that look forwarded (a proxy on this machine makes every request look local) are told apart.
/// </summary>
public sealed class AdminAccessTests
{
    private const string Password = "correct-horse-battery";

    [Fact]
    public async Task Without_a_password_only_direct_local_requests_get_in_and_only_to_look()
    {
        using var app = Start();
        using var client = Client(app);

        // Straight from this machine: in, read-only (the recurring jobs page offers no "Trigger now").
        var local = await client.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        var recurring = await local.Content.ReadAsStringAsync();
        Assert.Contains("ingest-huggingface", recurring);
        Assert.DoesNotContain("recurring/trigger", recurring);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/sources")).StatusCode);

        // Through a proxy on this machine (what a bare proxy_pass, socat or a tunnel looks like once it adds a header),
        // from anywhere, or claiming to be local: refused, with the advice to set a password.
        foreach (var (header, value) in new[]
        {
            ("X-Forwarded-For", "203.0.113.9"), ("X-Forwarded-For", "127.0.0.1"), ("Forwarded", "for=203.0.113.9"),
            ("X-Real-IP", "203.0.113.9"), ("X-Forwarded-Host", "papers.example.org"), ("X-Forwarded-Proto", "https"),
        })
        {
            foreach (var path in new[] { "/hangfire", "/hangfire/recurring", "/admin/sources" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.TryAddWithoutValidation(header, value);
                var refused = await client.SendAsync(request);
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path} with {header}: {value} answered {(int)refused.StatusCode}");
                Assert.Contains("Set Admin:Password", await refused.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task Without_a_password_an_instance_published_under_a_public_address_is_closed_even_locally()
    {
        using var app = Start(new() { ["App:PublicBaseUrl"] = "http://papers.example.org" });
        using var client = Client(app);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/sources")).StatusCode);
    }

    [Fact]
    public async Task With_a_password_the_operator_gets_every_right_and_guessing_is_stopped_per_client()
    {
        using var app = Start(new() { ["Admin:Password"] = Password, ["App:PublicBaseUrl"] = "http://papers.example.org" });
        using var client = Client(app);

        var signedIn = await SendAsync(client, "/hangfire/recurring", "admin:" + Password);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("recurring/trigger", await signedIn.Content.ReadAsStringAsync()); // not read-only

        // Five wrong guesses from one client (through the local proxy, which is trusted) and it is refused for a
        // quarter of an hour, the right password included; another client, and another IPv6 /64, are not.
        for (var i = 0; i < 5; i++)
        {
            var wrong = await SendAsync(client, "/hangfire", $"admin:guess{i}", "2001:db8:1:2::10");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.StartsWith("Basic", wrong.Headers.WwwAuthenticate.ToString());
        }

        var blocked = await SendAsync(client, "/admin/sources", "admin:" + Password, "2001:db8:1:2::99"); // same /64
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.InRange(int.Parse(blocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 850, 900);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/admin/sources", "admin:" + Password, "2001:db8:1:3::10")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "/admin/sources", "admin:" + Password, "203.0.113.5")).StatusCode);

        // No credential at all is no guess: it asks, and does not count.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/hangfire")).StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("::ffff:203.0.113.5", "203.0.113.5")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void A_client_is_its_ipv4_address_or_its_ipv6_64(string address, string key)
    {
        Assert.Equal(key, ClientAddress.Key(IPAddress.Parse(address)));
    }

    private static PaperFeedFactory Start(Dictionary<string, string?>? settings = null)
    {
        var app = new PaperFeedFactory(settings, realServer: true);
        app.StartServer();
        return app;
    }

    /// <summary>A client over the real socket: its requests come from 127.0.0.1.</summary>
    private static HttpClient Client(PaperFeedFactory app) => new() { BaseAddress = app.ClientOptions.BaseAddress };

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string credential, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential)));
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        return client.SendAsync(request);
    }
}
