namespace PaperFeed.Infrastructure;

/// <summary>The <c>App</c> configuration section.</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>Where the app writes everything (SQLite files, mail pickup). Relative paths are resolved against the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The address people reach this instance at; used for absolute links in emails and feeds.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";
}
