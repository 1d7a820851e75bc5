namespace PaperFeed.Core.Recommendations;

/// <summary>
/// What a subscriber's marks mean for their next digest: the papers they marked (saved or "not for me": never sent
/// to them again) and, once they have saved enough, their model.
/// </summary>
public sealed record Relevance(IReadOnlySet<int> Marked, InterestModel? Model)
{
    public static readonly Relevance None = new(new HashSet<int>(), null);
}
