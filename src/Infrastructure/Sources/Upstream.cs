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
    /// The longest wait an upstream may ask for (429 or 503 with Retry-After) that a run waits out, at most
    /// <see cref="MaxWaits"/> times a request; a longer one fails the run, saying so, and the job's next try comes later.
    /// </summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    private const int MaxWaits = 2;

    /// <summary>
    /// GETs <paramref name="url"/> and reads a successful answer's body with <paramref name="read"/> (parsers run inside,
    /// so an unreadable body is reported like a failed request); a non-success status is a <see cref="SourceException"/>,
    /// after waiting out what a 429 or 503 asks for (<see cref="MaxRetryAfter"/>).
    /// </summary>
    public static Task<T> GetAsync<T>(string source, DateOnly? day, Uri url, HttpClient http, Func<HttpContent, Task<T>> read, CancellationToken cancellationToken) =>
        CallAsync(source, day, url, http, async () =>
        {
            for (var waits = 0; ; waits++)
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await read(response.Content);
                }

                if (waits < MaxWaits && RetryAfter(response) is { } wait && wait <= MaxRetryAfter)
                {
                    await Task.Delay(wait, cancellationToken);
                    continue;
                }

                throw Status(source, day, url, response, waits);
            }
        }, cancellationToken);

    /// <summary>A non-success status as a <see cref="SourceException"/>, with the wait the upstream asked for, if any.</summary>
    /// <param name="waited">How many of the upstream's waits this request already waited out.</param>
    public static SourceException Status(string source, DateOnly? day, Uri url, HttpResponseMessage response, int waited = 0)
    {
        var asked = RetryAfter(response) is not { } wait ? ""
            : wait > MaxRetryAfter ? $"; it asks to wait {wait.TotalSeconds:0} s, longer than a run waits ({MaxRetryAfter.TotalSeconds:0} s): the next scheduled try asks again"
            : waited > 0 ? $"; still so after waiting {waited} times as it asked: the next scheduled try asks again"
            : $"; it asks to wait {wait.TotalSeconds:0} s";
        return new(source, day, $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()}) from {url}{asked}");
    }

    /// <summary>The wait a 429 (Too Many Requests) or 503 (Service Unavailable) asks for in its Retry-After header.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable)
            || response.Headers.RetryAfter is not { } after)
        {
            return null;
        }

        var wait = after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.Zero);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
