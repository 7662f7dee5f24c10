using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopWeb.Catalog;
using ShopWeb.Catalog.Seo;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog.Seo;

/// <summary>The head tags of the catalog pages: canonical address, Open Graph, twitter:card and the product's JSON-LD.</summary>
public sealed class PageHeadTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private const string Base = ShopFactory.PublicUrl;

    [Fact]
    public async Task A_product_page_is_canonical_at_its_plain_address_whatever_the_address_carried()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Stoneware jug");
        using var browser = factory.CreateBrowser();

        foreach (var url in new[] { $"/products/{product.Slug}", $"/products/{product.Slug.ToUpperInvariant()}?utm_source=mail&sort=name" })
        {
            var page = await browser.GetAsync(url);
            Assert.Equal($"{Base}products/{product.Slug}", Canonical(page));
            Assert.Equal($"{Base}products/{product.Slug}", Meta(page, "og:url"));
        }
    }

    [Theory]
    [InlineData("/products?sort=price-desc", "/products")]
    [InlineData("/products?CATEGORY={0}&sort=name&page=2", "/products?category={0}&page=2")]
    [InlineData("/products?category={0}&page=99", "/products?category={0}&page=3")] // past the end: the last page, the one shown
    [InlineData("/products?category=no-such-category&page=2", "/products?page=2")] // an unknown category lists everything
    public async Task A_listing_is_canonical_without_its_sort_keeping_its_category_and_page(string url, string canonical)
    {
        var category = await factory.CreateCategoryAsync();
        for (var i = 0; i < 30; i++)
        {
            await factory.CreateProductAsync(category, $"Listed mug {i}");
        }

        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync(string.Format(url, category.Slug));

        Assert.Equal(Base + string.Format(canonical, category.Slug).TrimStart('/'), Canonical(page));
        Assert.Null(page.Find("meta[name=robots]"));
    }

    [Fact]
    public async Task Search_results_keep_their_words_and_are_followed_but_not_indexed()
    {
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync("/products?q=Tea&sort=name");

        Assert.Equal(Base + "products?q=tea", Canonical(page));
        Assert.Equal("noindex, follow", page.Find("meta[name=robots]")?.GetAttribute("content"));
    }

    [Fact]
    public async Task A_forged_host_reaches_no_address_in_the_head()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Host-proof teapot");
        using var client = factory.CreateClient();
        foreach (var url in new[] { "/", "/products?page=1", $"/products/{product.Slug}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Host = "evil.example";
            request.Headers.Add("X-Forwarded-Host", "evil.example");
            var page = await HtmlPage.ReadAsync(await client.SendAsync(request));

            Assert.StartsWith(Base, Canonical(page));
            Assert.DoesNotContain("evil.example", page.Body);
        }
    }

    [Fact]
    public async Task Product_listing_and_home_pages_carry_open_graph_tags_and_a_twitter_card()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Enamel mug", priceMinor: 1290,
            description: "A mug that goes camping.");
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products/{product.Slug}");
        Assert.Equal("product", Meta(page, "og:type"));
        Assert.Equal("Enamel mug", Meta(page, "og:title"));
        Assert.Equal("A mug that goes camping.", Meta(page, "og:description"));
        Assert.Equal("ShopWeb", Meta(page, "og:site_name"));
        Assert.Equal(Base + "images/products/enamel-camping-mug.svg", Meta(page, "og:image"));
        Assert.Equal("12.90", Meta(page, "product:price:amount"));
        Assert.Equal("EUR", Meta(page, "product:price:currency"));
        Assert.Equal("summary_large_image", page.Find("meta[name='twitter:card']")?.GetAttribute("content"));

        foreach (var url in new[] { "/", "/products" })
        {
            var other = await browser.GetAsync(url);
            Assert.Equal("website", Meta(other, "og:type"));
            Assert.Equal(Canonical(other), Meta(other, "og:url"));
            Assert.StartsWith(Base, Meta(other, "og:image"));
            Assert.False(string.IsNullOrEmpty(Meta(other, "og:title")));
            Assert.False(string.IsNullOrEmpty(Meta(other, "og:description")));
            Assert.NotNull(other.Find("meta[name='twitter:card']"));
        }

        Assert.Equal("ShopWeb", Meta(await browser.GetAsync("/"), "og:title")); // not "Home"
    }

    [Fact]
    public async Task The_product_json_ld_parses_as_a_product_with_an_offer_of_its_price_currency_and_availability()
    {
        var category = await factory.CreateCategoryAsync();
        var inStock = await factory.CreateProductAsync(category, "Oak board", priceMinor: 4500, stock: 3);
        var soldOut = await factory.CreateProductAsync(category, "Linen apron", priceMinor: 1999, stock: 0);
        using var browser = factory.CreateBrowser();

        var data = JsonLd(await browser.GetAsync($"/products/{inStock.Slug}"));
        Assert.Equal("https://schema.org", data.GetProperty("@context").GetString());
        Assert.Equal("Product", data.GetProperty("@type").GetString());
        Assert.Equal("Oak board", data.GetProperty("name").GetString());
        Assert.Equal($"{Base}products/{inStock.Slug}", data.GetProperty("url").GetString());
        Assert.Equal(Skus.Of(inStock.Slug), data.GetProperty("sku").GetString());
        var offer = data.GetProperty("offers");
        Assert.Equal("Offer", offer.GetProperty("@type").GetString());
        Assert.Equal("45.00", offer.GetProperty("price").GetString());
        Assert.Equal("EUR", offer.GetProperty("priceCurrency").GetString());
        Assert.Equal("https://schema.org/InStock", offer.GetProperty("availability").GetString());

        var sold = JsonLd(await browser.GetAsync($"/products/{soldOut.Slug}")).GetProperty("offers");
        Assert.Equal("19.99", sold.GetProperty("price").GetString());
        Assert.Equal("https://schema.org/OutOfStock", sold.GetProperty("availability").GetString());
    }

    [Fact]
    public async Task A_product_name_cannot_close_the_json_ld_script()
    {
        const string name = "Mug </script><script>alert(1)</script> & <!-- co";
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), name, description: "</SCRIPT>");
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products/{product.Slug}");

        var script = Assert.Single(page.Document.QuerySelectorAll("script[type='application/ld+json']"));
        Assert.DoesNotContain("<", script.TextContent);
        Assert.Equal(name, JsonLd(page).GetProperty("name").GetString());
        Assert.Equal("</SCRIPT>", JsonLd(page).GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("JPY", 1200, "1200")]
    [InlineData("KWD", 12345, "12.345")]
    [InlineData("EUR", 5, "0.05")]
    public void The_offer_s_price_is_a_decimal_in_the_currency_s_exponent(string currency, long minor, string price)
    {
        var jsonLd = new ProductJsonLd(new Prices(Options.Create(new ShopOptions { Currency = currency })), factory.Services.GetRequiredService<PublicLinks>());
        var product = new Product { Name = "Teapot", Slug = "teapot", PriceMinor = minor, Variants = { new ProductVariant { Sku = "TEAPOT", Stock = 1 } } };

        var offer = JsonDocument.Parse(jsonLd.For(product, "https://shop.example/products/teapot")).RootElement.GetProperty("offers");

        Assert.Equal(price, offer.GetProperty("price").GetString());
        Assert.Equal(currency, offer.GetProperty("priceCurrency").GetString());
    }

    private static string? Canonical(HtmlPage page)
    {
        var links = page.Document.QuerySelectorAll("link[rel=canonical]");
        return Assert.Single(links).GetAttribute("href");
    }

    private static string? Meta(HtmlPage page, string property) =>
        Assert.Single(page.Document.QuerySelectorAll($"meta[property='{property}']")).GetAttribute("content");

    private static JsonElement JsonLd(HtmlPage page) =>
        JsonDocument.Parse(page.Find("script[type='application/ld+json']")!.TextContent).RootElement;
}
