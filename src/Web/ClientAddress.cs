using System.Net;
using System.Net.Sockets;

namespace PaperFeed.Web;

/// <summary>
/// Who a request counts as for limits: its remote address after <c>X-Forwarded-For</c> from trusted proxies, an IPv4
/// address as itself (also when it arrives as IPv6-mapped), and an IPv6 address by its /64 network, since one host
/// has a whole /64 to pick addresses from.
/// </summary>
public static class ClientAddress
{
    public static string Key(HttpContext context) => Key(context.Connection.RemoteIpAddress);

    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
