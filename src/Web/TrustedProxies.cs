using System.Net;

namespace PaperFeed.Web;

/// <summary>
/// <c>App:TrustedProxies</c>: the reverse proxies whose <c>X-Forwarded-For</c> is believed, besides loopback, as
/// addresses (<c>10.0.0.5</c>) or networks (<c>172.16.0.0/12</c>, a Docker network).
/// </summary>
public static class TrustedProxies
{
    public const string Key = "App:TrustedProxies";

    /// <summary>One trusted proxy: an address, or a network.</summary>
    public sealed record Proxy(IPAddress? Address, IPNetwork? Network);

    /// <summary>The configured proxies; a <see cref="ConfigurationError"/> names one that is neither an address nor a network.</summary>
    public static IReadOnlyList<Proxy> Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Key);
        // An array (App__TrustedProxies__0=…) or one comma-separated value (App__TrustedProxies=a,b).
        var entries = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var proxies = new List<Proxy>();
        foreach (var entry in entries)
        {
            if (entry.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(entry, out var network))
            {
                proxies.Add(new Proxy(null, network));
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(new Proxy(address, null));
            }
            else
            {
                throw new ConfigurationError($"{Key} \"{entry}\" is neither an IP address nor a network, e.g. 10.0.0.5 or 172.16.0.0/12");
            }
        }

        return proxies;
    }
}
