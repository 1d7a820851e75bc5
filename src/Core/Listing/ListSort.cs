namespace PaperFeed.Core.Listing;

/// <summary>How a list is ordered: by upvotes (the default, as on Hugging Face), by arXiv publication time, or as the source ordered it.</summary>
public enum ListSort
{
    Upvotes,
    Newest,

    /// <summary>The order the source gave its list (Hugging Face's trending order).</summary>
    Source,
}
