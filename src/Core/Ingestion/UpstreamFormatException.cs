namespace PaperFeed.Core.Ingestion;

/// <summary>An upstream response that cannot be read at all (not JSON, wrong shape).</summary>
public sealed class UpstreamFormatException : Exception
{
    public UpstreamFormatException(string message) : base(message)
    {
    }

    public UpstreamFormatException(string message, Exception inner) : base(message, inner)
    {
    }
}
