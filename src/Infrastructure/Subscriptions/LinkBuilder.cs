using Microsoft.Extensions.Options;
using PaperFeed.Core.Library;
using PaperFeed.Core.Subscriptions;

namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>Absolute links for emails (and feeds), built from <c>App:PublicBaseUrl</c>.</summary>
public sealed class LinkBuilder(IOptions<AppOptions> options, SubscriptionTokens tokens)
{
    public Uri BaseUrl => new(options.Value.PublicBaseUrl.TrimEnd('/') + "/");

    public string Home => BaseUrl.ToString();

    public string Paper(string arxivId) => Absolute($"papers/{arxivId}");

    public string Confirm(string token) => Absolute($"confirm/{Uri.EscapeDataString(token)}");

    /// <summary>The manage, unsubscribe and feed links of the subscription with <paramref name="publicId"/>.</summary>
    public SubscriptionLinks Subscription(string publicId)
    {
        var manage = $"manage/{Token(publicId, SubscriptionTokens.Manage)}";
        var unsubscribe = $"unsubscribe/{Token(publicId, SubscriptionTokens.Unsubscribe)}";
        var feed = $"feeds/personal/{Token(publicId, SubscriptionTokens.Feed)}/papers.atom";
        var library = Token(publicId, SubscriptionTokens.Library);
        return new SubscriptionLinks("/" + manage, "/" + unsubscribe, "/" + feed, Absolute(manage), Absolute(unsubscribe), Absolute(feed))
        {
            Library = new LibraryLinks($"/library/{library}/papers.bib", $"/library/{library}/papers.csv", $"/feeds/library/{library}/papers.atom"),
        };
    }

    /// <summary>The "Save" or "Not for me" link for one paper in one subscriber's digest or feed.</summary>
    public string Mark(string publicId, string arxivId, MarkKind kind) =>
        Absolute($"library/{Token(publicId, SubscriptionTokens.Mark)}/{MarkAction(kind)}/{arxivId}");

    /// <summary>The path segment of a mark link: <c>save</c> or <c>not-for-me</c>.</summary>
    public static string MarkAction(MarkKind kind) => kind == MarkKind.Saved ? "save" : "not-for-me";

    public string Absolute(string relative) => new Uri(BaseUrl, relative).ToString();

    private string Token(string publicId, string purpose) => Uri.EscapeDataString(tokens.For(publicId, purpose));
}
