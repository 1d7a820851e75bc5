namespace PaperFeed.Infrastructure.Thumbnails;

/// <summary>The <c>Thumbnails</c> configuration section: where thumbnails may be copied from, and how much of them.</summary>
/// <remarks>
/// Thumbnail addresses come from upstream data, so they are not trusted: only the hosts listed here are asked, a host
/// whose name leads to a private or loopback address is refused when the connection is made, redirects are followed
/// only onto listed hosts, and the body is read up to <see cref="MaxBytes"/> within <see cref="Timeout"/>.
/// </remarks>
public sealed class ThumbnailOptions
{
    public const string Section = "Thumbnails";

    /// <summary>Hugging Face's image CDNs, which its daily papers API names in <c>thumbnail</c> and <c>mediaUrl</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultHosts = ["cdn-thumbnails.huggingface.co", "cdn-uploads.huggingface.co"];

    /// <summary>Host names thumbnails may be fetched from (exact names; none configured means <see cref="DefaultHosts"/>).</summary>
    /// <remarks>Empty here: the configuration binder adds configured items to a list's initial items.</remarks>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// Lets a listed host be on a private, loopback or link-local address: only for a mirror on the operator's own
    /// network. Off by default, so that no upstream can make the job reach the instance's own services.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>For the whole fetch of one thumbnail: connecting, the headers and the body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public int MaxBytes { get; set; } = 2 * 1024 * 1024;

    public IReadOnlyList<string> Hosts => AllowedHosts.Count > 0 ? AllowedHosts : DefaultHosts;

    public bool IsAllowed(Uri url) =>
        (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
        && Hosts.Any(host => string.Equals(host, url.IdnHost, StringComparison.OrdinalIgnoreCase));
}
