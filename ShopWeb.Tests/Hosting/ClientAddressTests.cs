using System.Net;
using ShopWeb.Infrastructure;

namespace ShopWeb.Tests.Hosting;

/// <summary>What the per-address limits (requests, account forms, the API, new guest carts) count as one client.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")] // IPv4 on a dual-stack socket
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:eeee:dddd:cccc", "2001:db8:1:2::/64")] // another address of the same network: the same client
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void An_IPv6_client_is_its_64_network_and_an_IPv4_one_its_address(string address, string counted) =>
        Assert.Equal(counted, ClientAddress.Of(IPAddress.Parse(address)));

    [Fact]
    public void No_address_is_one_client() => Assert.Equal("unknown", ClientAddress.Of((IPAddress?)null));
}
