using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// The anonymous catalog pages come from the output cache. A response served from it carries an <c>Age</c>
/// header, which the shop never sets itself: that is how these tests tell a cached copy from a fresh one.
/// </summary>
public sealed class OutputCacheTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_cached_page_holds_no_ones_antiforgery_token_and_nothing_of_the_guest_or_shopper_it_was_made_for()
    {
        var (product, marker) = await ProductAsync(stock: 10);
        var inCart = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Teapot");
        string[] urls = ["/", $"/products?q={marker}", $"/products/{product.Slug}"];

        // A guest with a cart is shown their pages rendered (their header counts the cart), and none is kept.
        using var guest = factory.CreateBrowser();
        await guest.AddToCartAsync(inCart, 2);
        var earlierTokens = new List<string>();
        foreach (var url in urls)
        {
            var made = await guest.GetAsync(url);
            Assert.False(FromCache(made), $"{url} was made for the guest");
            Assert.Equal("2", made.Find("nav[aria-label=Main] a[href='/cart'] .cart-count")?.FirstChild?.TextContent);
            earlierTokens.AddRange(Tokens(made));
        }

        var (shopper, email) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        foreach (var url in urls)
        {
            var own = await shopper.GetAsync(url);
            Assert.False(FromCache(own), $"{url} is rendered for the signed-in shopper");
            Assert.Contains(email, own.Find(".account-name")?.TextContent);
            earlierTokens.AddRange(Tokens(own));
        }

        // A first visitor's pages are the ones kept.
        using var first = factory.CreateBrowser();
        foreach (var url in urls)
        {
            var made = await first.GetAsync(url);
            Assert.False(FromCache(made), $"{url} was made for the first visitor");
            earlierTokens.AddRange(Tokens(made));
        }

        Assert.NotEmpty(earlierTokens);

        using var visitor = factory.CreateBrowser();
        foreach (var url in urls)
        {
            var page = await visitor.GetAsync(url);
            Assert.True(FromCache(page), $"{url} comes from the cache");
            // The product page's form carries a token, this visitor's own, filled in on the way out (AntiforgeryHoleTests).
            Assert.All(earlierTokens, token => Assert.DoesNotContain(token, page.Body));
            Assert.DoesNotContain(email, page.Body);
            Assert.False(page.IsSignedIn());
            Assert.NotNull(page.Find(".account-menu a[href='/account/login']"));
            Assert.Equal("Cart", page.Find("nav[aria-label=Main] a[href='/cart']")?.TextContent.Trim());
            var cookies = page.Response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [];
            Assert.All(cookies, c => Assert.StartsWith("ShopWeb.Antiforgery=", c)); // the one paired with their token, and nothing else
        }

        // The cached product page still lets this visitor add to a cart of their own.
        var cart = await visitor.SubmitAsync(await visitor.GetAsync($"/products/{product.Slug}"), "#add-to-cart", button: "Add to cart");
        Assert.Equal($"Added {product.Name} to your cart.", cart.Find("[role=status]")?.TextContent);
        Assert.Equal([product.Name], cart.Document.QuerySelectorAll("table.cart tbody tr a").Select(a => a.TextContent));
        Assert.Equal(["Teapot"], (await guest.GetAsync("/cart")).Document.QuerySelectorAll("table.cart tbody tr a").Select(a => a.TextContent));
    }

    private static IEnumerable<string> Tokens(HtmlPage page) =>
        page.Document.QuerySelectorAll("input[name=__RequestVerificationToken]").Select(i => i.GetAttribute("value")!);

    [Fact]
    public async Task With_the_output_cache_turned_off_every_anonymous_page_is_rendered()
    {
        using var uncached = new ShopFactory(new Dictionary<string, string?> { ["OutputCache:Enabled"] = "false" });
        using var visitor = uncached.CreateBrowser();
        foreach (var url in new[] { "/", "/products", "/products/enamel-camping-mug" })
        {
            await visitor.GetAsync(url);
            var again = await visitor.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, again.Status);
            Assert.False(FromCache(again), url);
        }
    }

    [Fact]
    public async Task A_signed_in_page_is_never_served_to_an_anonymous_visitor_nor_an_anonymous_page_to_a_signed_in_one()
    {
        var (product, _) = await ProductAsync(stock: 10);
        var url = $"/products/{product.Slug}";
        var (shopper, email) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        using var admin = await factory.SignedInAdminAsync();

        Assert.Contains(email, (await shopper.GetAsync(url)).Find(".account-name")?.TextContent);
        Assert.NotNull((await admin.GetAsync(url)).Find(".account-menu a[href='/admin']"));

        using var visitor = factory.CreateBrowser();
        var first = await visitor.GetAsync(url);
        Assert.False(FromCache(first), "the signed-in pages were not kept");
        Assert.DoesNotContain(email, first.Body);
        Assert.DoesNotContain(ShopFactory.AdminEmail, first.Body);
        Assert.True(FromCache(await factory.CreateBrowser().GetAsync(url)), "the anonymous page was kept");

        var again = await shopper.GetAsync(url);
        Assert.False(FromCache(again));
        Assert.True(again.IsSignedIn());
        Assert.Contains(email, again.Find(".account-name")?.TextContent);
        var adminAgain = await admin.GetAsync(url);
        Assert.False(FromCache(adminAgain));
        Assert.NotNull(adminAgain.Find(".account-menu a[href='/admin']"));
    }

    [Fact]
    public async Task Equivalent_catalog_urls_share_one_entry()
    {
        var (product, marker) = await ProductAsync(stock: 10);
        using var browser = factory.CreateBrowser();
        Assert.False(FromCache(await browser.GetAsync($"/products?q={marker}")));

        foreach (var same in new[]
        {
            $"/products?q=%20%20{marker.ToUpperInvariant()}%20&sort=featured&page=1",
            $"/Products?Q={marker}&category=&utm_source=newsletter",
            $"/products?q={marker}&sort=FEATURED&page=01&q=other",
        })
        {
            var page = await browser.GetAsync(same);
            Assert.True(FromCache(page), same);
            Assert.Equal([product.Name], page.ProductNames());
        }

        var byName = await browser.GetAsync($"/products?q={marker}&sort=name");
        Assert.False(FromCache(byName), "another sort is another page");
        Assert.Equal([product.Name], byName.ProductNames());

        Assert.False(FromCache(await browser.GetAsync($"/products/{product.Slug}")));
        var shouted = await browser.GetAsync($"/products/{product.Slug.ToUpperInvariant()}");
        Assert.True(FromCache(shouted));
        Assert.Equal(product.Name, shouted.Heading);

        // "?handler=" names another handler of the page, so it is never answered with the cached page.
        Assert.False(FromCache(await browser.GetAsync($"/products/{product.Slug}?handler=Other")));
        Assert.False(FromCache(await browser.GetAsync($"/products/{product.Slug}?HANDLER=Other")));
        Assert.False(FromCache(await browser.GetAsync($"/products/{product.Slug}?h%61ndler=Other")));
    }

    [Fact]
    public async Task After_an_admin_changes_a_price_the_next_anonymous_request_shows_it()
    {
        var (product, marker) = await ProductAsync(stock: 10, priceMinor: 1290);
        using var visitor = factory.CreateBrowser();
        await WarmAsync(visitor, $"/products/{product.Slug}", $"/products?q={marker}");

        using var admin = await factory.SignedInAdminAsync();
        var form = await admin.GetAsync($"/admin/products/edit/{product.Id}");
        await admin.SubmitAsync(form, "#product", new Dictionary<string, string> { ["Input.Price"] = "7.25" });

        Assert.Equal("€7.25", (await visitor.GetAsync($"/products/{product.Slug}")).Find(".product-detail .price")?.TextContent);
        Assert.Equal("€7.25", (await visitor.GetAsync($"/products?q={marker}")).Find(".product-tile .price")?.TextContent);
    }

    [Fact]
    public async Task After_an_admin_changes_stock_the_next_anonymous_request_shows_it()
    {
        var (product, marker) = await ProductAsync(stock: 10);
        using var visitor = factory.CreateBrowser();
        await WarmAsync(visitor, $"/products/{product.Slug}", $"/products?q={marker}");
        Assert.Equal("In stock", (await visitor.GetAsync($"/products/{product.Slug}")).Find(".product-detail .stock")?.TextContent);

        using var admin = await factory.SignedInAdminAsync();
        var form = await admin.GetAsync($"/admin/products/stock/{product.Id}");
        await admin.SubmitAsync(form, "#stock", new Dictionary<string, string> { ["Input.Change"] = "-8", ["Input.Reason"] = "Counted the shelf" });

        var page = await visitor.GetAsync($"/products/{product.Slug}");
        Assert.Equal("Only 2 left", page.Find(".product-detail .stock")?.TextContent);
        Assert.Equal("2", page.Find("#quantity")?.GetAttribute("max"));
        Assert.Equal("Only 2 left", (await visitor.GetAsync($"/products?q={marker}")).Find(".product-tile .stock")?.TextContent);
    }

    [Fact]
    public async Task When_an_order_takes_the_last_item_the_next_anonymous_request_shows_it_sold_out_and_a_cancellation_brings_it_back()
    {
        var (product, marker) = await ProductAsync(stock: 1);
        using var visitor = factory.CreateBrowser();
        await WarmAsync(visitor, $"/products/{product.Slug}", $"/products?q={marker}");

        var (buyer, email) = await factory.SignedInShopperAsync();
        using var _ = buyer;
        await buyer.AddToCartAsync(product);
        await buyer.CheckoutAsync(CheckoutSteps.GuestFields(email));
        Assert.Equal(0, await factory.StockOfAsync(product.Id));

        var soldOut = await visitor.GetAsync($"/products/{product.Slug}");
        Assert.Equal("Sold out", soldOut.Find(".product-detail .stock")?.TextContent);
        Assert.Null(soldOut.Find("#add-to-cart"));
        Assert.Equal("Sold out", (await visitor.GetAsync($"/products?q={marker}")).Find(".product-tile .stock")?.TextContent);
        await WarmAsync(visitor, $"/products/{product.Slug}");

        var number = await factory.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.Number).SingleAsync());
        await buyer.SubmitAsync(await buyer.GetAsync($"/orders/{number}"), "#cancel-order", button: "Cancel order");

        var back = await visitor.GetAsync($"/products/{product.Slug}");
        Assert.Equal("Only 1 left", back.Find(".product-detail .stock")?.TextContent);
        Assert.NotNull(back.Find("#add-to-cart"));
    }

    [Fact]
    public async Task A_category_added_or_deleted_and_a_product_deleted_show_at_the_next_anonymous_request()
    {
        var (product, _) = await ProductAsync(stock: 10);
        using var visitor = factory.CreateBrowser();
        await WarmAsync(visitor, "/", $"/products/{product.Slug}");
        var name = "Lamps " + CatalogSteps.Marker();

        using var admin = await factory.SignedInAdminAsync();
        await admin.SubmitAsync(await admin.GetAsync("/admin/categories"), "#category",
            new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Slug"] = CatalogSteps.Marker() }, button: "Save category");
        Assert.Contains(name, (await visitor.GetAsync("/")).Find(".category-list")?.TextContent);

        await WarmAsync(visitor, "/");
        var categories = await admin.GetAsync("/admin/categories");
        var delete = categories.Document.QuerySelectorAll("#categories form").Single(f => f.QuerySelector($"button[aria-label='Delete {name}']") is not null);
        await admin.SubmitAsync(categories, $"#categories form[action='{delete.GetAttribute("action")}']");
        Assert.DoesNotContain(name, (await visitor.GetAsync("/")).Find(".category-list")?.TextContent);

        await admin.SubmitAsync(await admin.GetAsync($"/admin/products/delete/{product.Id}"), "#delete-product", button: "Delete product");
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/products/{product.Slug}")).Status);
    }

    private static bool FromCache(HtmlPage page) => page.Response.Headers.Age is not null;

    /// <summary>Loads each page until it comes from the cache, so a later fresh copy proves an eviction.</summary>
    private static async Task WarmAsync(ShopBrowser browser, params string[] urls)
    {
        foreach (var url in urls)
        {
            await browser.GetAsync(url);
            Assert.True(FromCache(await browser.GetAsync(url)), $"{url} is cached before the change");
        }
    }

    private async Task<(Product Product, string Marker)> ProductAsync(int stock, long priceMinor = 1000)
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        return (await factory.CreateProductAsync(category, $"Lantern {marker}", priceMinor, stock), marker);
    }
}
