namespace PaperFeed.Web;

/// <summary>A setting the app cannot run with; the start stops with one line naming it (see Program.cs).</summary>
public sealed class ConfigurationError(string message, Exception? inner = null) : Exception(message, inner);
