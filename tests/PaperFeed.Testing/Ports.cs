using System.Net;
using System.Net.Sockets;

namespace PaperFeed.Testing;

public static class Ports
{
    /// <summary>
    /// A loopback port that is free now, for a server that must be told its port before it starts (Kestrel for the
    /// browser, the scale-out nodes). Another test may take it in between: for a port that must stay refused, use
    /// <see cref="Refused"/>.
    /// </summary>
    public static int Free()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>
    /// A loopback port held bound without listening: every connection to it is refused, and no other test can bind it
    /// (tests run in parallel), until it is disposed, e.g. just before a test starts its own server there.
    /// </summary>
    public static RefusedPort Refused() => new();
}

/// <summary>See <see cref="Ports.Refused"/>.</summary>
public sealed class RefusedPort : IDisposable
{
    private readonly Socket _bound = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    internal RefusedPort()
    {
        _bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_bound.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _bound.Dispose();
}
