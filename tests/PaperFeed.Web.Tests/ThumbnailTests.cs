using System.Net;
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
        using var app = new PaperFeedFactory();
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
}
