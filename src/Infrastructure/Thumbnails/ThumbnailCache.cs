using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Thumbnails;

/// <summary>
/// Keeps a local copy of each paper's thumbnail in <c>&lt;data&gt;/thumbnails</c>, so that pages load no image from a
/// third party (no CDN, no visitor's address handed to one) and show thumbnails on an instance that is offline later.
/// The addresses come from upstream data and are treated as hostile (<see cref="ThumbnailOptions"/>).
/// </summary>
public sealed class ThumbnailCache(PaperFeedDbContext db, HttpClient http, IOptions<ThumbnailOptions> options, DataPaths paths, ILogger<ThumbnailCache> logger)
{
    private const int MaxRedirects = 3;

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/png"] = ".png",
        ["image/jpeg"] = ".jpg",
        ["image/webp"] = ".webp",
        ["image/gif"] = ".gif",
    };

    public string Folder => Path.Combine(paths.DataDirectory, "thumbnails");

    /// <summary>The cached file of a paper's thumbnail and its content type, or null when none is cached.</summary>
    public (string Path, string ContentType)? Find(string arxivId)
    {
        foreach (var (type, extension) in Extensions)
        {
            var file = Path.Combine(Folder, FileName(arxivId) + extension);
            if (File.Exists(file))
            {
                return (file, type);
            }
        }

        return null;
    }

    /// <summary>Downloads the thumbnails not cached yet, newest papers first, at most <paramref name="limit"/> per run.</summary>
    public async Task<int> FetchMissingAsync(int limit, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var candidates = await db.Papers.AsNoTracking()
            .Where(p => p.ThumbnailUrl != null)
            .OrderByDescending(p => p.Id)
            .Select(p => new { p.ArxivId, p.ThumbnailUrl })
            .Take(limit * 10)
            .ToListAsync(cancellationToken);
        var fetched = 0;
        foreach (var paper in candidates.Where(p => Find(p.ArxivId) is null).Take(limit))
        {
            if (await DownloadAsync(paper.ArxivId, paper.ThumbnailUrl!, cancellationToken) is not { } image)
            {
                continue; // said why in the log; the next run tries again
            }

            var file = Path.Combine(Folder, FileName(paper.ArxivId) + Extensions[image.ContentType]);
            await File.WriteAllBytesAsync(file + ".tmp", image.Bytes, cancellationToken);
            File.Move(file + ".tmp", file, overwrite: true);
            fetched++;
        }

        if (fetched > 0)
        {
            // Cards show a thumbnail only once its file is here: pages cached before must be made again.
            await CatalogVersion.BumpAsync(db, cancellationToken);
        }

        return fetched;
    }

    /// <summary>
    /// One thumbnail, or null (logged) when its address is not on the allowed hosts, a redirect leaves them, the
    /// connection would go to a private address, the answer fails, is larger than allowed, takes longer than allowed,
    /// or is not a PNG, JPEG, WebP or GIF by its first bytes.
    /// </summary>
    private async Task<(byte[] Bytes, string ContentType)?> DownloadAsync(string arxivId, string address, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || !settings.IsAllowed(url))
        {
            logger.LogWarning("Thumbnail of {ArxivId} not fetched: {Url} is not on a host in Thumbnails:AllowedHosts", arxivId, address);
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = new Uri(url, location);
                    if (redirects == MaxRedirects || !settings.IsAllowed(next))
                    {
                        logger.LogWarning("Thumbnail of {ArxivId} not fetched: {Url} redirects to {Location}, not followed", arxivId, url, next);
                        return null;
                    }

                    url = next;
                    continue;
                }

                var declared = response.Content.Headers.ContentType?.MediaType ?? "";
                if (!response.IsSuccessStatusCode || !declared.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                {
                    logger.LogInformation("No thumbnail kept for {ArxivId}: HTTP {Status}, {Type}", arxivId, (int)response.StatusCode, declared);
                    return null;
                }

                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                var bytes = response.Content.Headers.ContentLength > settings.MaxBytes ? null : await ReadAtMostAsync(body, settings.MaxBytes, timeout.Token);
                if (bytes is null)
                {
                    logger.LogWarning("No thumbnail kept for {ArxivId}: {Url} is larger than {MaxBytes} bytes", arxivId, url, settings.MaxBytes);
                    return null;
                }

                if (ImageType(bytes) is not { } type)
                {
                    logger.LogWarning("No thumbnail kept for {ArxivId}: {Url} is not a PNG, JPEG, WebP or GIF image", arxivId, url);
                    return null;
                }

                return (bytes, type);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Thumbnail of {ArxivId} not fetched: no whole answer within {Seconds:0} s from {Url}", arxivId, settings.Timeout.TotalSeconds, url);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // Offline or slow upstream, or an address refused: the page shows no thumbnail, the next run tries again.
            logger.LogInformation("Thumbnail of {ArxivId} not fetched: {Error}", arxivId, e.Message);
        }

        return null;
    }

    /// <summary>The whole stream, or null as soon as it goes past <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > limit)
            {
                return null;
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    /// <summary>The image type by its signature (what the bytes are, whatever the answer claims), or null.</summary>
    public static string? ImageType(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8) ? "image/gif"
        : bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    // Old-style ids contain a slash: file names are a hash of the id.
    private static string FileName(string arxivId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(arxivId)).AsSpan(0, 12)).ToLowerInvariant();
}
