namespace PaperFeed.Core.Ingestion;

/// <summary>A source could not deliver a day: HTTP error, timeout or unreadable body. The message names the cause.</summary>
public sealed class SourceException : Exception
{
    public SourceException(string source, DateOnly? day, string cause, Exception? inner = null)
        : base(cause, inner)
    {
        SourceName = source;
        Day = day;
    }

    public string SourceName { get; }

    public DateOnly? Day { get; }

    /// <summary>One line for logs and the command line: "huggingface 2025-03-14: HTTP 500 (Internal Server Error) from …".</summary>
    public string Describe() => Day is { } day ? $"{SourceName} {day:yyyy-MM-dd}: {Message}" : $"{SourceName}: {Message}";
}
