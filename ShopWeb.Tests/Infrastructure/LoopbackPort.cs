using System.Net;
using System.Net.Sockets;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>A port on 127.0.0.1 nothing listens on now, for a server whose address must be known before it starts.</summary>
/// <remarks>
/// Not one the kernel hands out for port 0: those come from the ephemeral range, where an outgoing connection (live, or
/// in TIME-WAIT for a minute after a suite closed it) may take the port before the server binds it, and the bind then
/// fails. So, as deploy/free-port.sh does, the port comes from below that range, and this process never hands out the
/// same one twice.
/// </remarks>
public static class LoopbackPort
{
    private const int Lowest = 10000;
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int EphemeralStart = ReadEphemeralStart();

    public static int Free()
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = Random.Shared.Next(Lowest, EphemeralStart);
                if (!HandedOut.Add(port))
                {
                    continue;
                }

                try
                {
                    using var probe = new TcpListener(IPAddress.Loopback, port); // the same bind the server will make
                    probe.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // held by a socket in some state: try another
                }
            }
        }
    }

    private static int ReadEphemeralStart()
    {
        try
        {
            var start = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
            return start > Lowest + 2000 ? start : 32768;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 32768; // Linux's default
        }
    }
}
