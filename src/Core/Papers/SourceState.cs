namespace PaperFeed.Core.Papers;

/// <summary>What the last ingestion runs of one source did: shown to users when an upstream cannot be reached.</summary>
public sealed class SourceState
{
    public required string Source { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public DateTime? LastSuccessAt { get; set; }

    public DateTime? LastErrorAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Entries seen by the last successful run.</summary>
    public int ItemsSeen { get; set; }

    /// <summary>Where the next run resumes, in the source's own terms (for Hugging Face, the last day ingested).</summary>
    public string? Cursor { get; set; }

    /// <summary>True when the latest attempt failed.</summary>
    public bool IsFailing => LastErrorAt is not null && (LastSuccessAt is null || LastErrorAt > LastSuccessAt);
}
