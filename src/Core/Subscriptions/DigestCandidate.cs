namespace PaperFeed.Core.Subscriptions;

/// <summary>A paper of an edition's period, as digest selection sees it.</summary>
public sealed record DigestCandidate(int PaperId, string ArxivId, string Title, string Abstract, IReadOnlyList<string> Keywords, int Upvotes)
{
    public IReadOnlyList<string> Authors { get; init; } = [];
}
