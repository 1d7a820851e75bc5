namespace PaperFeed.Core.Library;

/// <summary>How a subscriber marked a paper: kept in their library, or told to leave such papers out.</summary>
public enum MarkKind
{
    Saved = 1,
    NotForMe = 2,
}
