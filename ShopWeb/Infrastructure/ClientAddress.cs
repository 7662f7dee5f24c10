using System.Net;
using System.Net.Sockets;

namespace ShopWeb.Infrastructure;

/// <summary>
/// The client a per-address limit counts: an IPv4 address, or an IPv6 address's /64. A subscriber's network is a /64
/// at least, and any host in it can send each request from a new address of its own, so counting whole IPv6
/// addresses would count nothing.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var network = address.GetAddressBytes();
        Array.Clear(network, 8, 8);
        return new IPAddress(network) + "/64";
    }
}
