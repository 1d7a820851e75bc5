using Microsoft.Extensions.Options;

namespace PaperFeed.Infrastructure.Subscriptions;

/// <summary>Absolute links for emails (and feeds), built from <c>App:PublicBaseUrl</c>.</summary>
public sealed class LinkBuilder(IOptions<AppOptions> options)
{
    public Uri BaseUrl => new(options.Value.PublicBaseUrl.TrimEnd('/') + "/");

    public string Home => BaseUrl.ToString();

    public string Paper(string arxivId) => Absolute($"papers/{arxivId}");

    public string Confirm(string token) => Absolute($"confirm/{Uri.EscapeDataString(token)}");

    public string Manage(string token) => Absolute($"manage/{Uri.EscapeDataString(token)}");

    public string Unsubscribe(string token) => Absolute($"unsubscribe/{Uri.EscapeDataString(token)}");

    public string Absolute(string relative) => new Uri(BaseUrl, relative).ToString();
}
