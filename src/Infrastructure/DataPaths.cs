using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using PaperFeed.Infrastructure.Data;

namespace PaperFeed.Infrastructure;

/// <summary>
/// Where the app's data lives: the data directory (search index, thumbnails, keys, mail pickup folder), and the
/// database of <c>Database:Provider</c> with its connection strings.
/// </summary>
public sealed class DataPaths
{
    public DataPaths(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[$"{AppOptions.Section}:DataDirectory"];
        DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, environment.ContentRootPath);

        // SettingsCheck has refused an unknown provider with a clear line before the host is built.
        if (!DatabaseProviders.TryParse(configuration[DatabaseProviders.Setting], out var provider))
        {
            throw new ArgumentException($"{DatabaseProviders.Setting} \"{configuration[DatabaseProviders.Setting]}\" is neither Sqlite nor Postgres");
        }

        Provider = provider;
        var catalog = configuration.GetConnectionString("PaperFeed");
        var jobs = configuration.GetConnectionString("Hangfire");
        if (provider == DatabaseProvider.Postgres)
        {
            CatalogConnectionString = catalog ?? "";
            // Hangfire keeps its tables in its own schema of the same database unless told otherwise.
            JobStorage = string.IsNullOrWhiteSpace(jobs) ? CatalogConnectionString : jobs;
            return;
        }

        CatalogConnectionString = string.IsNullOrWhiteSpace(catalog)
            ? $"Data Source={Path.Combine(DataDirectory, "paperfeed.db")}"
            : catalog;
        JobStorage = string.IsNullOrWhiteSpace(jobs) ? Path.Combine(DataDirectory, "hangfire.db") : jobs;
    }

    /// <summary>Absolute path of <c>App:DataDirectory</c> (default <c>data</c> under the content root).</summary>
    public string DataDirectory { get; }

    /// <summary>
    /// Creates the data directory if it is missing, readable by this user only (it holds the link key and, on SQLite,
    /// every subscriber's address). One that exists is left as the operator made it.
    /// </summary>
    public void EnsureDataDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(DataDirectory);
            return;
        }

        Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary><c>Database:Provider</c>: SQLite unless PostgreSQL is asked for.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary><c>ConnectionStrings:PaperFeed</c>; on SQLite, unset means a file in the data directory.</summary>
    public string CatalogConnectionString { get; }

    /// <summary>
    /// Where Hangfire keeps its jobs, <c>ConnectionStrings:Hangfire</c> if set: on SQLite a file (default
    /// <c>hangfire.db</c> in the data directory), on PostgreSQL a connection string (default the catalog's).
    /// </summary>
    public string JobStorage { get; }
}
