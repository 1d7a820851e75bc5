using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace PaperFeed.Infrastructure;

/// <summary>Where the app's files live: the data directory and the SQLite connection strings derived from it.</summary>
public sealed class DataPaths
{
    public DataPaths(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{AppOptions.Section}:DataDirectory"];
        DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, environment.ContentRootPath);

        var catalog = configuration.GetConnectionString("PaperFeed");
        CatalogConnectionString = string.IsNullOrWhiteSpace(catalog)
            ? $"Data Source={Path.Combine(DataDirectory, "paperfeed.db")}"
            : catalog;

        var jobs = configuration.GetConnectionString("Hangfire");
        JobStoragePath = string.IsNullOrWhiteSpace(jobs) ? Path.Combine(DataDirectory, "hangfire.db") : jobs;
    }

    /// <summary>Absolute path of <c>App:DataDirectory</c> (default <c>data</c> under the content root).</summary>
    public string DataDirectory { get; }

    /// <summary><c>ConnectionStrings:PaperFeed</c>, else a SQLite file in the data directory.</summary>
    public string CatalogConnectionString { get; }

    /// <summary><c>ConnectionStrings:Hangfire</c> (a SQLite file path), else a file in the data directory.</summary>
    public string JobStoragePath { get; }
}
