using System.Net;
using System.Net.Sockets;

namespace PaperFeed.Infrastructure.Thumbnails;

/// <summary>
/// Which addresses are on the public internet, and a connection that only goes to one: the check is made on the
/// addresses a name resolves to when connecting, so a name that points at 127.0.0.1, the cloud's metadata service or the
/// LAN (or is re-pointed there after a first look) is refused.
/// </summary>
public static class PublicAddresses
{
    private static readonly IPNetwork[] NotPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), // link-local, metadata services
        IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"), // multicast, reserved, broadcast
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("64:ff9b:1::/48"), IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            address = new IPAddress(address.GetAddressBytes()[12..]); // NAT64: the IPv4 address it stands for
        }

        return !NotPublic.Any(network => network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address));
    }

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that connects only to public addresses (all, when <paramref name="allowPrivate"/>).</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connector(bool allowPrivate) => async (context, cancellationToken) =>
    {
        var host = context.DnsEndPoint.Host;
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var usable = resolved.Where(address => allowPrivate || IsPublic(address)).ToArray();
        if (usable.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"{host} is at {string.Join(", ", resolved.Select(a => a.ToString()))}, not a public address: refused");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };
}
