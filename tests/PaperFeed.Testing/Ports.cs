using System.Net;
using System.Net.Sockets;

namespace PaperFeed.Testing;

public static class Ports
{
    /// <summary>A loopback port that nothing listens on (yet): connecting to it is refused until someone binds it.</summary>
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
