namespace PaperFeed.Core.Ingestion.Arxiv;

/// <summary>arXiv answered with its error feed (an Atom entry titled "Error", or an RSS "Feed error" channel).</summary>
public sealed class ArxivApiException(string message) : Exception(message);
