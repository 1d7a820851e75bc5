namespace PaperFeed.Core.Papers;

/// <summary>A paper's appearance on one source's list for one day, with that day's counts.</summary>
public sealed class FeaturedEntry
{
    public int Id { get; set; }

    public int PaperId { get; set; }

    public Paper Paper { get; set; } = null!;

    /// <summary>The list this entry belongs to, e.g. <see cref="SourceNames.HuggingFace"/>.</summary>
    public required string Source { get; set; }

    public DateOnly Date { get; set; }

    public int Upvotes { get; set; }

    public int Comments { get; set; }

    /// <summary>Its place on the source's list of that day (1 = first), as the source ordered it (trending has no other order).</summary>
    public int? Position { get; set; }

    public DateTime UpdatedAt { get; set; }
}
