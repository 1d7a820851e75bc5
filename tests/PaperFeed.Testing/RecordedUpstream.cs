using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PaperFeed.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) that replays recorded upstream responses.
/// For Hugging Face's <c>/api/daily_papers</c> it answers per <c>date</c>, and pages a recorded day by <c>limit</c>/<c>p</c>
/// the way the real API does. Days with nothing configured answer <c>[]</c>, as the API does for days without papers.
/// </summary>
public sealed class RecordedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _days = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<DateTime> _times = new();
    private readonly ConcurrentDictionary<string, (byte[] Body, string ContentType, int Status)> _files = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _paths = new();

    private RecordedUpstream(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request's path and query, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>When each request arrived (UTC), in order.</summary>
    public IReadOnlyList<DateTime> RequestTimes => [.. _times];

    public static async Task<RecordedUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new RecordedUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.BaseAddress = new Uri(address);
        return upstream;
    }

    /// <summary>Serves a recorded response file for <c>date=day</c>, paged by the request's <c>limit</c> and <c>p</c>.</summary>
    public void ServeDay(string day, string file) => _days[day] = context => WritePageAsync(context, File.ReadAllBytes(file));

    /// <summary>Answers <c>date=day</c> with the given status and body, as it is.</summary>
    public void ServeDay(string day, HttpStatusCode status, string body, string contentType = "application/json") =>
        _days[day] = async context =>
        {
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };

    /// <summary>Serves a fixed body at a path, whatever the query (images, feeds, recorded API answers).</summary>
    public void ServeFile(string path, byte[] body, string contentType, int status = 200) => _files[path] = (body, contentType, status);

    /// <summary>Serves the HTML fixture file <paramref name="fixture"/> (a path under testdata) at <paramref name="path"/>.</summary>
    public void ServeHtml(string path, string fixture) => ServeFile(path, Fixtures.Bytes(fixture), "text/html; charset=utf-8");

    /// <summary>Answers a path with a custom handler (redirects, endless or slow bodies).</summary>
    public void ServePath(string path, Func<HttpContext, Task> handler) => _paths[path] = handler;

    /// <summary>Answers <c>date=day</c> with a custom handler (delays, dropped connections).</summary>
    public void ServeDay(string day, Func<HttpContext, Task> handler) => _days[day] = handler;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        _times.Enqueue(DateTime.UtcNow);
        _requests.Enqueue(context.Request.Path + context.Request.QueryString);
        if (_files.TryGetValue(context.Request.Path.Value ?? "", out var file))
        {
            context.Response.StatusCode = file.Status;
            context.Response.ContentType = file.ContentType;
            await context.Response.Body.WriteAsync(file.Body);
            return;
        }

        if (_paths.TryGetValue(context.Request.Path.Value ?? "", out var answer))
        {
            await answer(context);
            return;
        }

        if (context.Request.Path != "/api/daily_papers")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var day = context.Request.Query["date"].ToString();
        if (_days.TryGetValue(day, out var handler))
        {
            await handler(context);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("[]");
    }

    private static async Task WritePageAsync(HttpContext context, byte[] recorded)
    {
        using var document = JsonDocument.Parse(recorded);
        var all = document.RootElement.EnumerateArray().ToList();
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? l : 50;
        var page = int.TryParse(context.Request.Query["p"], out var p) ? p : 0;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartArray();
        foreach (var element in all.Skip(page * limit).Take(limit))
        {
            element.WriteTo(writer);
        }

        writer.WriteEndArray();
        await writer.FlushAsync();
    }
}
