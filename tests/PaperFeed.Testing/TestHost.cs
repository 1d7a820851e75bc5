using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperFeed.Infrastructure;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Testing;

/// <summary>
/// The infrastructure services as the app wires them, on a fresh data directory and database (a real, migrated
/// SQLite file, or a PostgreSQL database: <see cref="TestDatabase"/>) and pointed at a <see cref="RecordedUpstream"/>.
/// Each test makes its own.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TestHost(IHost host, string dataDirectory)
    {
        _host = host;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<TestHost> StartAsync(Uri? upstream = null, IDictionary<string, string?>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var dataDirectory = NewDataDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["App:DataDirectory"] = dataDirectory,
            ["Sources:HuggingFace:BaseUrl"] = upstream?.ToString().TrimEnd('/') ?? "http://127.0.0.1:9",
            ["Sources:HuggingFace:WebBaseUrl"] = upstream?.ToString().TrimEnd('/') ?? "http://127.0.0.1:9",
            ["Sources:HuggingFace:Timeout"] = "00:00:05",
            ["Sources:HuggingFace:RequestDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        TestDatabase.AddTo(values);

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddInfrastructure(builder.Configuration, new DataPaths(builder.Configuration, builder.Environment));
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        }

        return new TestHost(host, dataDirectory);
    }

    /// <summary>A new, empty folder for one test's files.</summary>
    public static string NewDataDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "paperfeed-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs <paramref name="action"/> in a fresh DI scope (its own DbContext), as a job or request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Runs <paramref name="query"/> on the catalog database, in a scope of its own.</summary>
    public Task<T> QueryAsync<T>(Func<PaperFeedDbContext, Task<T>> query) =>
        InScopeAsync(sp => query(sp.GetRequiredService<PaperFeedDbContext>()));

    public async Task InScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        TestDatabase.Drop(DataDirectory);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine only leaves a temp folder behind.
        }

        await Task.CompletedTask;
    }
}
