namespace PaperFeed.Core.Papers;

/// <summary>Names of the upstream sources, as stored in featured entries and source state rows.</summary>
public static class SourceNames
{
    public const string HuggingFace = "huggingface";

    /// <summary>arXiv's API and RSS announcements.</summary>
    public const string Arxiv = "arxiv";
}
