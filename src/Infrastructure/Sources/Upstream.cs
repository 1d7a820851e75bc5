using PaperFeed.Core.Ingestion;
using PaperFeed.Core.Ingestion.Arxiv;

namespace PaperFeed.Infrastructure.Sources;

/// <summary>The one translation of what can go wrong in an exchange with an upstream into a <see cref="SourceException"/>.</summary>
internal static class Upstream
{
    /// <summary>
    /// Runs <paramref name="call"/> against <paramref name="url"/>: timeouts, failed connections, unreadable bodies and
    /// the upstream's own error answers become one <see cref="SourceException"/> naming the source, the day and the URL.
    /// </summary>
    public static async Task<T> CallAsync<T>(string source, DateOnly? day, Uri url, HttpClient http, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (ArxivApiException e)
        {
            throw new SourceException(source, day, $"{e.Message} ({url})", e);
        }
        catch (UpstreamFormatException e)
        {
            throw new SourceException(source, day, $"unreadable response from {url}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SourceException(source, day, $"no answer within {http.Timeout.TotalSeconds:0} s from {url}", e);
        }
        catch (HttpRequestException e)
        {
            var cause = e.HttpRequestError == HttpRequestError.ConnectionError || e.InnerException is System.Net.Sockets.SocketException
                ? "cannot connect"
                : "request failed";
            throw new SourceException(source, day, $"{cause} to {url.GetLeftPart(UriPartial.Authority)} ({e.Message})", e);
        }
    }

    /// <summary>
    /// GETs <paramref name="url"/> and reads a successful answer's body with <paramref name="read"/> (parsers run inside,
    /// so an unreadable body is reported like a failed request); a non-success status is a <see cref="SourceException"/>.
    /// </summary>
    public static Task<T> GetAsync<T>(string source, DateOnly? day, Uri url, HttpClient http, Func<HttpContent, Task<T>> read, CancellationToken cancellationToken) =>
        CallAsync(source, day, url, http, async () =>
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode ? await read(response.Content) : throw Status(source, day, url, response);
        }, cancellationToken);

    /// <summary>A non-success status as a <see cref="SourceException"/>.</summary>
    public static SourceException Status(string source, DateOnly? day, Uri url, HttpResponseMessage response) =>
        new(source, day, $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()}) from {url}");
}
