using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Thumbnails;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>Thumbnails are copied from the upstream once and then served by the app itself.</summary>
public sealed class ThumbnailTests
{
    // The 8-byte PNG signature and an IHDR chunk start: enough bytes to be recognisable, not a full image.
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Fact]
    public async Task A_fetched_thumbnail_is_served_locally_and_shown_on_the_card()
    {
        await using var upstream = await RecordedUpstream.StartAsync();
        upstream.ServeFile("/thumbs/2608.00001.png", Png, "image/png");
        upstream.ServeFile("/thumbs/not-an-image", "<html></html>"u8.ToArray(), "text/html");
        using var app = new PaperFeedFactory(MirrorOn(upstream));
        var day = new DateOnly(2026, 8, 21);
        var withImage = new PaperRecord("2608.00001", "With a picture", "Abstract.", ["A. Author"], null) { ThumbnailUrl = $"{upstream.BaseAddress}thumbs/2608.00001.png" };
        var withHtml = new PaperRecord("2608.00002", "With a web page for a picture", "Abstract.", ["B. Author"], null) { ThumbnailUrl = $"{upstream.BaseAddress}thumbs/not-an-image" };
        await app.StoreAsync(new ParsedListing([new FeaturedRecord(withImage, day, 2, 0), new FeaturedRecord(withHtml, day, 1, 0)], []));

        var (_, before) = await app.GetPageAsync("/papers/date/2026-08-21");
        Assert.Empty(before.QuerySelectorAll("img.thumb"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ThumbnailCache>().FetchMissingAsync(10, CancellationToken.None));
        }

        var (_, after) = await app.GetPageAsync("/papers/date/2026-08-21");
        var images = after.QuerySelectorAll("img.thumb").Select(i => i.GetAttribute("src")).ToList();
        Assert.Equal(["/thumbnails/2608.00001"], images);
        var image = await app.CreateClient().GetAsync("/thumbnails/2608.00001");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await image.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/thumbnails/2608.00002")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/thumbnails/..%2F..%2Fsecret.key")).StatusCode);
    }

    [Fact]
    public async Task Addresses_from_upstream_data_reach_only_the_allowed_hosts_and_only_bounded_images()
    {
        await using var upstream = await RecordedUpstream.StartAsync();
        var port = upstream.BaseAddress.Port;
        upstream.ServeFile("/ok.png", Png, "image/png");
        upstream.ServePath("/to-listed", Redirect($"http://127.0.0.1:{port}/ok.png"));
        upstream.ServePath("/to-unlisted", Redirect($"http://localhost:{port}/ok.png?unlisted"));
        upstream.ServePath("/endless", async context =>
        {
            // No Content-Length: only counting while reading can stop it.
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(Png);
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 64 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });
        upstream.ServePath("/slow", async context =>
        {
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(Png);
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        upstream.ServeFile("/page-as-png", "<html><script>alert(1)</script></html>"u8.ToArray(), "image/png");
        upstream.ServeFile("/drawing.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"u8.ToArray(), "image/svg+xml");
        var settings = MirrorOn(upstream);
        settings["Thumbnails:Timeout"] = "00:00:02";
        using var app = new PaperFeedFactory(settings);
        var papers = new Dictionary<string, string>
        {
            ["2608.00011"] = $"http://127.0.0.1:{port}/to-listed",
            ["2608.00012"] = $"http://localhost:{port}/ok.png?other-host",
            ["2608.00013"] = $"http://127.0.0.1:{port}/to-unlisted",
            ["2608.00014"] = $"http://127.0.0.1:{port}/endless",
            ["2608.00015"] = $"http://127.0.0.1:{port}/slow",
            ["2608.00016"] = $"http://127.0.0.1:{port}/page-as-png",
            ["2608.00017"] = $"http://127.0.0.1:{port}/drawing.svg",
            ["2608.00018"] = $"file:///etc/passwd",
        };
        await StoreAsync(app, papers);

        Assert.Equal(1, await FetchAsync(app));

        await using var scope = app.Services.CreateAsyncScope();
        var cache = scope.ServiceProvider.GetRequiredService<ThumbnailCache>();
        Assert.Equal(["2608.00011"], papers.Keys.Where(id => cache.Find(id) is not null));
        // The unlisted host was never asked, neither directly nor through a redirect.
        Assert.DoesNotContain(upstream.Requests, r => r.EndsWith("?other-host") || r.EndsWith("?unlisted"));
        Assert.Contains("/to-unlisted", upstream.Requests);
    }

    [Fact]
    public async Task A_listed_name_that_leads_to_a_private_address_is_refused_when_connecting()
    {
        await using var upstream = await RecordedUpstream.StartAsync();
        var port = upstream.BaseAddress.Port;
        upstream.ServeFile("/ok.png", Png, "image/png");
        // Listed by name and by address, with the default that private addresses are refused: "localhost" is checked on
        // the address it resolves to, not on its name.
        using var app = new PaperFeedFactory(new Dictionary<string, string?>
        {
            ["Thumbnails:AllowedHosts:0"] = "localhost",
            ["Thumbnails:AllowedHosts:1"] = "127.0.0.1",
        });
        await StoreAsync(app, new Dictionary<string, string>
        {
            ["2608.00021"] = $"http://localhost:{port}/ok.png",
            ["2608.00022"] = $"http://127.0.0.1:{port}/ok.png",
        });

        Assert.Equal(0, await FetchAsync(app));

        Assert.Empty(upstream.Requests);
    }

    /// <summary>The test upstream as an allowed mirror on this machine's own network.</summary>
    private static Dictionary<string, string?> MirrorOn(RecordedUpstream upstream) => new()
    {
        ["Thumbnails:AllowedHosts:0"] = upstream.BaseAddress.Host,
        ["Thumbnails:AllowPrivateAddresses"] = "true",
    };

    private static Func<HttpContext, Task> Redirect(string location) => context =>
    {
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    private static Task StoreAsync(PaperFeedFactory app, IReadOnlyDictionary<string, string> thumbnails) =>
        app.StoreAsync(new ParsedListing(
            [.. thumbnails.Select((paper, i) => new FeaturedRecord(
                new PaperRecord(paper.Key, $"Paper {i}", "Abstract.", ["A. Author"], null) { ThumbnailUrl = paper.Value }, new DateOnly(2026, 8, 21), i, 0))],
            []));

    private static async Task<int> FetchAsync(PaperFeedFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ThumbnailCache>().FetchMissingAsync(10, CancellationToken.None);
    }
}
