namespace PaperFeed.Core.Subscriptions;

/// <summary>A paper chosen for a delivery, fixed when it is planned so that a retry sends the same digest.</summary>
public sealed class DeliveryPaper
{
    public int DeliveryId { get; set; }

    public int PaperId { get; set; }

    public int Rank { get; set; }

    public int Upvotes { get; set; }

    /// <summary>The heading the paper goes under (why it was chosen).</summary>
    public DigestSection Section { get; set; }

    /// <summary>For a "for you" paper, the reason shown with it ("Like … in your library").</summary>
    public string? Reason { get; set; }
}
