namespace PaperFeed.Infrastructure;

/// <summary>The <c>App</c> configuration section (its <c>DataDirectory</c> is read by <see cref="DataPaths"/>, before any service exists).</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The address people reach this instance at; used for absolute links in emails and feeds.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";
}
