using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog.Seo;

public sealed class RobotsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Robots_txt_opens_the_catalog_closes_what_is_personal_and_names_the_sitemap_by_the_public_url()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/robots.txt");
        request.Headers.Host = "evil.example"; // a forged host reaches no link
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        using var response = await client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("User-agent: *", lines[0]);
        var disallowed = lines.Where(l => l.StartsWith("Disallow: ", StringComparison.Ordinal)).Select(l => l["Disallow: ".Length..]).ToList();
        foreach (var path in new[] { "/account", "/admin", "/cart", "/checkout", "/orders", "/api/", "/payments", "/connect/" })
        {
            Assert.Contains(path, disallowed);
        }

        Assert.DoesNotContain(disallowed, d => "/products/jug".StartsWith(d, StringComparison.Ordinal) || "/products?category=x".StartsWith(d, StringComparison.Ordinal)
            || "/images/products/jug.svg".StartsWith(d, StringComparison.Ordinal) || "/media/a.png".StartsWith(d, StringComparison.Ordinal) || d == "/");
        Assert.Contains($"Sitemap: {ShopFactory.PublicUrl}sitemap.xml", lines);
    }
}
