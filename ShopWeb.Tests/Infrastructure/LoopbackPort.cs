using System.Net;
using System.Net.Sockets;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>A port on 127.0.0.1 nothing listens on now, for a server whose address must be known before it starts.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
