namespace PaperFeed.Core.Papers;

/// <summary>One author of a paper, in the order of the paper's author list, with the key names are matched by (<see cref="AuthorName.Key"/>).</summary>
public sealed class PaperAuthor
{
    public int PaperId { get; set; }

    /// <summary>0 for the first author.</summary>
    public int Position { get; set; }

    public required string Name { get; set; }

    public required string Key { get; set; }
}
