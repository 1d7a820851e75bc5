using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure.Thumbnails;

/// <summary>
/// Keeps a local copy of each paper's thumbnail in <c>&lt;data&gt;/thumbnails</c>, so that pages load no image from a
/// third party (no CDN, no visitor's address handed to one) and show thumbnails on an instance that is offline later.
/// </summary>
public sealed class ThumbnailCache(PaperFeedDbContext db, HttpClient http, DataPaths paths, ILogger<ThumbnailCache> logger)
{
    public const int MaxBytes = 2 * 1024 * 1024;

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
            try
            {
                using var response = await http.GetAsync(paper.ThumbnailUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                var type = response.Content.Headers.ContentType?.MediaType ?? "";
                if (!response.IsSuccessStatusCode || !Extensions.TryGetValue(type, out var extension) || response.Content.Headers.ContentLength > MaxBytes)
                {
                    logger.LogInformation("No thumbnail kept for {ArxivId}: HTTP {Status}, {Type}", paper.ArxivId, (int)response.StatusCode, type);
                    continue;
                }

                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (bytes.Length > MaxBytes)
                {
                    continue;
                }

                var file = Path.Combine(Folder, FileName(paper.ArxivId) + extension);
                await File.WriteAllBytesAsync(file + ".tmp", bytes, cancellationToken);
                File.Move(file + ".tmp", file, overwrite: true);
                fetched++;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Offline or slow upstream: the page shows no thumbnail, the next run tries again.
                logger.LogInformation("Thumbnail of {ArxivId} not fetched: {Error}", paper.ArxivId, e.Message);
            }
        }

        return fetched;
    }

    // Old-style ids contain a slash: file names are a hash of the id.
    private static string FileName(string arxivId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(arxivId)).AsSpan(0, 12)).ToLowerInvariant();
}
