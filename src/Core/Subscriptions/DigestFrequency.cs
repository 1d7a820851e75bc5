namespace PaperFeed.Core.Subscriptions;

public enum DigestFrequency
{
    Daily = 0,
    Weekly = 1,
}
