namespace PaperFeed.Core.Listing;

/// <summary>The kinds of list a paper can be on (see <see cref="ListKey"/>).</summary>
public enum ListKind
{
    HuggingFace,
    Trending,
    Arxiv,
}
