using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages;

public sealed class ShopNameTests : IDisposable
{
    private readonly ShopFactory factory = new(new Dictionary<string, string?> { ["Shop:Name"] = "Käse & Co", ["Shop:Currency"] = "CHF" });

    [Fact]
    public async Task The_configured_shop_name_and_currency_are_shown()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync("/");

        Assert.Equal("Welcome to Käse & Co", page.Heading);
        Assert.Equal("Käse & Co", page.Find("header .brand")?.TextContent);
        Assert.Contains("CHF", page.Find("footer")?.TextContent);
    }

    public void Dispose() => factory.Dispose();
}
