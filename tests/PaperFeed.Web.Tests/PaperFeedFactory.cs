using System.Collections.Concurrent;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PaperFeed.Core.Ingestion;
using PaperFeed.Infrastructure.Sources.HuggingFace;
using PaperFeed.Core.Papers;
using PaperFeed.Infrastructure.Data;
using PaperFeed.Infrastructure.Ingestion;
using PaperFeed.Testing;

namespace PaperFeed.Web.Tests;

/// <summary>
/// The real web app on its own data directory and database (a real SQLite file, or PostgreSQL: <see cref="TestDatabase"/>), with the job server off so that tests decide
/// what is ingested. Records the SQL commands each request runs.
/// </summary>
public sealed class PaperFeedFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    /// <param name="settings">Configuration for this instance, over the test defaults.</param>
    /// <param name="realServer">Serve on a real Kestrel port on 127.0.0.1 (for the browser), not the in-memory test server.</param>
    /// <param name="environment">The hosting environment (Development shows the local mailbox).</param>
    public PaperFeedFactory(IDictionary<string, string?>? settings = null, bool realServer = false, string environment = "Testing")
    {
        _environment = environment;
        var port = realServer ? Ports.Free() : 0;
        if (realServer)
        {
            // A known port, so that links in emails (App:PublicBaseUrl) point at this very server.
            UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        }

        _settings = new Dictionary<string, string?>
        {
            ["App:DataDirectory"] = DataDirectory,
            ["Jobs:RunServer"] = "false",
            // Mail goes to the pickup folder on purpose (outside Development the app refuses to do so unasked).
            ["Email:UsePickupFolder"] = "true",
            ["Sources:HuggingFace:BaseUrl"] = "http://127.0.0.1:9",
            ["Sources:HuggingFace:RequestDelay"] = "00:00:00",
            // The recorded days are from 2024 to 2026-08, older than a week on the real clock these tests run on.
            ["Digests:MaxEditionAgeDays"] = "100000",
        };
        if (realServer)
        {
            _settings["App:PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        TestDatabase.AddTo(_settings);
        // An instance published on https redirects plain http (SecurityHeaders): the in-memory server then stands for
        // what is behind the TLS front, and its requests arrive as https.
        _https = !realServer && _settings.GetValueOrDefault("App:PublicBaseUrl")?.StartsWith("https:", StringComparison.Ordinal) == true;
    }

    private readonly bool _https;

    public string DataDirectory { get; } = TestHost.NewDataDirectory();

    /// <summary>SQL commands the app ran (clear it before the request you measure).</summary>
    public ConcurrentQueue<string> SqlCommands { get; } = new();

    public static HtmlParser Html { get; } = new();

    /// <summary>Imports recorded Hugging Face days the way <c>ingest huggingface --file F --date D</c> does.</summary>
    public async Task ImportAsync(params string[] days)
    {
        await using var scope = Services.CreateAsyncScope();
        var source = scope.ServiceProvider.GetRequiredService<HuggingFaceSource>();
        foreach (var day in days)
        {
            await scope.ServiceProvider.GetRequiredService<IngestionService>().IngestAsync(
                source, new SourceQuery.Saved([Fixtures.HuggingFaceDay(day)], DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public async Task StoreAsync(ParsedListing listing, string source = SourceNames.HuggingFace)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().StoreListingAsync(source, listing);
    }

    /// <summary>A confirmed subscriber stored directly (<see cref="Subscribers.Confirmed"/>), and its preferences page's address.</summary>
    public async Task<string> ConfirmedManagePathAsync(string email)
    {
        var subscription = Subscribers.Confirmed(email, DateTime.UtcNow);
        await WithDbAsync(async db =>
        {
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
        });
        return Services.GetRequiredService<PaperFeed.Infrastructure.Subscriptions.LinkBuilder>().Subscription(subscription.PublicId).ManagePath;
    }

    public async Task WithDbAsync(Func<PaperFeedDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<PaperFeedDbContext>());
    }

    public async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetPageAsync(string path)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(path);
        var document = await Html.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        return (response, document);
    }

    /// <summary>The search page's results for <paramref name="query"/> as arXiv ids, in its order (the page must answer 200).</summary>
    public async Task<List<string>> SearchResultIdsAsync(string query, string extra = "")
    {
        var (response, page) = await GetPageAsync($"/search?q={Uri.EscapeDataString(query)}{extra}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. page.QuerySelectorAll("li.result .card-title a").Select(a => a.GetAttribute("href")!["/papers/".Length..])];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (_https)
            {
                services.AddSingleton<IStartupFilter, HttpsFront>();
            }

            if (TestDatabase.Provider == DatabaseProvider.Postgres)
            {
                services.ConfigureDbContext<PostgresPaperFeedDbContext>(options => options.AddInterceptors(new SqlCapture(SqlCommands)));
            }
            else
            {
                services.ConfigureDbContext<PaperFeedDbContext>(options => options.AddInterceptors(new SqlCapture(SqlCommands)));
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        TestDatabase.Drop(DataDirectory);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Requests arrive as https, as from a TLS-terminating proxy in front of the app.</summary>
    private sealed class HttpsFront : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Request.Scheme = Uri.UriSchemeHttps;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>Records the text of every command the app sends to the database.</summary>
    private sealed class SqlCapture(ConcurrentQueue<string> commands) : DbCommandInterceptor
    {
        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            commands.Enqueue(command.CommandText);
            return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            commands.Enqueue(command.CommandText);
            return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
        }
    }
}
