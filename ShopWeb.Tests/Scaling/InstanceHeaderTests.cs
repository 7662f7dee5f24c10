using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Scaling;

/// <summary>X-Instance names an instance only as the operator named it (<c>Shop:InstanceName</c>).</summary>
public sealed class InstanceHeaderTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Without_an_instance_name_no_response_says_which_machine_answered()
    {
        using var browser = factory.CreateBrowser();

        foreach (var path in new[] { "/", "/products", "/no-such-page", "/api/v1/products" })
        {
            var response = await browser.Client.GetAsync(path);

            Assert.False(response.Headers.Contains("X-Instance"), path);
            var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value));
            Assert.DoesNotContain(Environment.MachineName, headers, StringComparison.OrdinalIgnoreCase);
        }
    }
}
