namespace PaperFeed.Core.Papers;

/// <summary>Names of the Hugging Face lists and state rows, as stored (lists are named through <see cref="Listing.ListKey"/>).</summary>
public static class SourceNames
{
    public const string HuggingFace = "huggingface";

    /// <summary>
    /// The state row of Hugging Face's papers pages (day, week, month), kept apart from the API's so that one failing
    /// does not report the other as down. Their entries join the <see cref="HuggingFace"/> lists.
    /// </summary>
    public const string HuggingFaceHtml = "huggingface-html";

    /// <summary>Hugging Face's trending papers: a list with no day of its own, stored under the day it was fetched.</summary>
    public const string HuggingFaceTrending = "huggingface-trending";
}
