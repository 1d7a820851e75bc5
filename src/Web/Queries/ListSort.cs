namespace PaperFeed.Web.Queries;

/// <summary>How a list is ordered: by upvotes (the default, as on Hugging Face) or by arXiv publication time.</summary>
public enum ListSort
{
    Upvotes,
    Newest,
}
