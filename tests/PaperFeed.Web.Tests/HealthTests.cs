using System.Net;
using System.Text.Json;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>The load balancer's view: live while the process answers, ready while its database and mail server are.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Live_and_ready_answer_with_the_role_and_ready_names_what_is_missing()
    {
        await using var smtp = TestSmtpServer.Start();
        using (var app = new PaperFeedFactory(new Dictionary<string, string?> { ["Email:Smtp:Host"] = "127.0.0.1", ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            var client = app.CreateClient();
            var (live, liveBody) = await GetAsync(client, "/health/live");
            Assert.Equal((HttpStatusCode.OK, "live", "all"), (live, liveBody.GetProperty("status").GetString(), liveBody.GetProperty("role").GetString()));
            var (ready, readyBody) = await GetAsync(client, "/health/ready");
            Assert.Equal((HttpStatusCode.OK, "ready", $"127.0.0.1:{smtp.Port}"), (ready, readyBody.GetProperty("status").GetString(), readyBody.GetProperty("mail").GetString()));
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health")).Status);
        }

        // The mail server is down: the process still lives, but is not ready, and says why.
        using var refused = Ports.Refused();
        var closed = refused.Port;
        using (var app = new PaperFeedFactory(new Dictionary<string, string?> { ["Email:Smtp:Host"] = "127.0.0.1", ["Email:Smtp:Port"] = closed.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/live")).Status);
            var (ready, body) = await GetAsync(client, "/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
            Assert.Equal($"the SMTP server 127.0.0.1:{closed} cannot be reached (ConnectionRefused)", Assert.Single(body.GetProperty("problems").EnumerateArray()).GetString());
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }
}
