namespace PaperFeed.Core.Subscriptions;

/// <summary>A paper chosen for a delivery, fixed when it is planned so that a retry sends the same digest.</summary>
public sealed class DeliveryPaper
{
    public int DeliveryId { get; set; }

    public int PaperId { get; set; }

    public int Rank { get; set; }

    public int Upvotes { get; set; }
}
