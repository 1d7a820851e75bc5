namespace PaperFeed.Web;

/// <summary>
/// What one process of an instance does (<c>--role</c>): everything (the default, for one machine), only the web
/// (pages, API, feeds, each node with its own search index), or only the jobs (ingestion, digests, thumbnails; no
/// HTTP but <c>/health</c>). Any number of each can share one PostgreSQL database.
/// </summary>
public enum ProcessRole
{
    All,
    Web,
    Worker,
}

public static class ProcessRoles
{
    /// <summary>The configuration key: <c>--role worker</c> on the command line, or <c>Role=worker</c> in the environment.</summary>
    public const string Setting = "Role";

    public static bool TryParse(string? text, out ProcessRole role)
    {
        role = ProcessRole.All;
        return string.IsNullOrWhiteSpace(text) || (Enum.TryParse(text.Trim(), ignoreCase: true, out role) && Enum.IsDefined(role));
    }

    /// <summary>The role configured (SettingsCheck has refused an unknown one).</summary>
    public static ProcessRole Of(IConfiguration configuration) =>
        TryParse(configuration[Setting], out var role) ? role : throw new ConfigurationError($"{Setting} \"{configuration[Setting]}\" is not a role");

    /// <summary>Whether this process runs Hangfire's job server: not on a web node, nor where <c>Jobs:RunServer</c> is false.</summary>
    public static bool RunsJobs(IConfiguration configuration) =>
        Of(configuration) != ProcessRole.Web && configuration.GetValue("Jobs:RunServer", defaultValue: true);
}
