using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace PaperFeed.Web.Feeds;

/// <summary>
/// Answers with a body, its ETag (a hash of the bytes) and Last-Modified, and caching headers; or with 304 when the
/// client already has it. Feed readers that poll every few minutes then cost one query and no transfer.
/// </summary>
public static class ConditionalGet
{
    public static IResult Respond(HttpContext context, byte[] body, string contentType, DateTimeOffset? lastModified, bool personal = false)
    {
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexString(SHA256.HashData(body).AsSpan(0, 16))}\"");
        var response = context.Response.GetTypedHeaders();
        response.ETag = etag;
        response.CacheControl = new CacheControlHeaderValue { Public = !personal, Private = personal, MaxAge = TimeSpan.FromMinutes(5) };
        if (lastModified is { } modified)
        {
            response.LastModified = modified.AddTicks(-(modified.Ticks % TimeSpan.TicksPerSecond));
        }

        var request = context.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch.Count > 0
            ? request.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false))
            : request.IfModifiedSince is { } since && response.LastModified is { } last && last <= since;
        return notModified ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(body, contentType);
    }
}
