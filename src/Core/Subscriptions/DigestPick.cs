namespace PaperFeed.Core.Subscriptions;

/// <summary>A paper chosen for a digest, the section it goes in, and for a "for you" paper the reason shown with it.</summary>
public sealed record DigestPick(DigestCandidate Paper, DigestSection Section, string? Reason = null)
{
    public int PaperId => Paper.PaperId;
}
