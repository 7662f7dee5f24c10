using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Ordering;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Cart;

/// <summary>No script fills the store with carts: one address starts only so many guest carts an hour, and a cart holds at most 100 products.</summary>
public sealed class CartLimitsTests(CartLimitsTests.Shop factory) : IClassFixture<CartLimitsTests.Shop>
{
    /// <summary>The limit on requests per address would answer the flood first; these tests are about the carts' own limit.</summary>
    public sealed class Shop() : ShopFactory(new Dictionary<string, string?> { ["RateLimits:RequestsPerMinute"] = "1000000" });

    [Fact]
    public async Task A_thousand_cookieless_adds_from_one_address_start_no_more_carts_than_the_limit_and_another_address_still_can()
    {
        var product = await ProductAsync();
        using var script = ClientAt(factory, "203.0.113.77", cookies: false);
        var post = await script.ScriptedAddToCartAsync(product.Slug);
        var before = await GuestCartsAsync();

        var answers = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 1000; i++)
        {
            last?.Dispose();
            using var request = post(product.Id);
            last = await script.SendAsync(request);
            answers.Add(last.StatusCode);
        }

        var limit = new CartOptions().NewGuestCartsPerHour;
        Assert.Equal(limit, await GuestCartsAsync() - before);
        Assert.Equal(limit, answers.Count(a => a == HttpStatusCode.Redirect));
        Assert.Equal(1000 - limit, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        var refused = await HtmlPage.ReadAsync(last!);
        Assert.Equal("Too many new carts", refused.Heading);
        Assert.Equal(GuestCartLimit.Refusal, refused.Find("[role=alert]")?.TextContent.Trim());
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        using var neighbour = factory.CreateBrowser();
        var cart = await neighbour.AddToCartAsync(product);
        Assert.Equal($"Added {product.Name} to your cart.", cart.Find("[role=status]")?.TextContent);
        Assert.Equal(limit + 1, await GuestCartsAsync() - before);
    }

    [Fact]
    public async Task A_client_taking_a_new_IPv6_address_of_its_network_for_each_add_is_still_one_client()
    {
        var product = await ProductAsync();
        var before = await GuestCartsAsync();
        var limit = new CartOptions().NewGuestCartsPerHour;
        var answers = new List<HttpStatusCode>();
        for (var i = 1; i <= limit + 5; i++)
        {
            using var script = ClientAt(factory, $"2001:db8:77:1::{i:x}", cookies: false); // one /64, a new address each time
            var post = await script.ScriptedAddToCartAsync(product.Slug);
            using var request = post(product.Id);
            using var answer = await script.SendAsync(request);
            answers.Add(answer.StatusCode);
        }

        Assert.Equal(limit, await GuestCartsAsync() - before);
        Assert.Equal(5, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        using var elsewhere = ClientAt(factory, "2001:db8:77:2::1", cookies: false); // another network
        var add = await elsewhere.ScriptedAddToCartAsync(product.Slug);
        using var fromThere = add(product.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.SendAsync(fromThere)).StatusCode);
    }

    [Fact]
    public async Task Adding_to_a_cart_the_guest_already_has_is_never_counted_as_a_new_cart()
    {
        using var limited = new ShopFactory(new Dictionary<string, string?> { ["Carts:NewGuestCartsPerHour"] = "1" });
        var category = await limited.CreateCategoryAsync();
        var products = new List<Product>();
        using var browser = new ShopBrowser(ClientAt(limited, "203.0.113.9", cookies: true));
        for (var i = 0; i < 3; i++)
        {
            products.Add(await limited.CreateProductAsync(category, $"Lamp {i} " + CatalogSteps.Marker()));
            Assert.Equal($"Added {products[i].Name} to your cart.", (await browser.AddToCartAsync(products[i])).Find("[role=status]")?.TextContent);
        }

        // The address's one new cart is spent: another client behind it is refused.
        using var other = ClientAt(limited, "203.0.113.9", cookies: false);
        using var request = (await other.ScriptedAddToCartAsync(products[0].Slug))(products[0].Variants[0].Id);
        using var refused = await other.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task The_api_answers_a_429_problem_past_the_addresss_new_carts()
    {
        using var limited = new ShopFactory(new Dictionary<string, string?> { ["Carts:NewGuestCartsPerHour"] = "2" });
        using var app = limited.CreateApiClient();
        await app.CreateCartAsync();
        await app.CreateCartAsync();

        using var refused = await app.PostAsync("/api/v1/carts", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/rate-limited", await ApiSteps.ProblemTypeAsync(refused, "POST", "/api/v1/carts"));
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var other = limited.CreateApiClient();
        await other.CreateCartAsync();
    }

    [Fact]
    public async Task A_cart_holds_at_most_a_hundred_products_on_the_page_and_in_the_api()
    {
        var category = await factory.CreateCategoryAsync();
        var first = await factory.CreateProductAsync(category, "Bowl " + CatalogSteps.Marker());
        var extra = await factory.CreateProductAsync(category, "Plate " + CatalogSteps.Marker());
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(first);
        await FillAsync(first.Id, category);

        var page = await browser.AddToCartAsync(extra);

        Assert.Equal(ShoppingCart.FullMessage, page.Find("[role=status]")?.TextContent);
        Assert.Equal(ShoppingCart.MaxLines, page.Document.QuerySelectorAll("table.cart input[name=quantity]").Length);
        Assert.Contains($"Added {first.Name}", (await browser.AddToCartAsync(first)).Find("[role=status]")?.TextContent); // a product already there still adds up

        using var app = factory.CreateApiClient();
        var apiCart = await app.CreateCartAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.AddLineAsync(apiCart, first.Slug)).StatusCode);
        await FillAsync(first.Id, category, api: true);
        using var full = await app.AddLineAsync(apiCart, extra.Slug);
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Equal("https://shopweb.example/problems/cart-full", await ApiSteps.ProblemTypeAsync(full, "POST", "/api/v1/carts/{id}/lines"));
    }

    /// <summary>Arranges the rest of the newest cart holding <paramref name="productId"/>: 99 more products, straight in the store.</summary>
    private async Task FillAsync(int productId, Category category, bool api = false) => await factory.WithDbAsync(async db =>
    {
        var cart = await db.Carts.Include(c => c.Lines).Where(c => c.Lines.Any(l => l.ProductId == productId))
            .Where(c => c.GuestKey!.StartsWith("api:") == api).OrderByDescending(c => c.Id).FirstAsync();
        var fillers = await db.ProductVariants.Where(v => v.Product!.CategoryId == category.Id && v.Product.Name.StartsWith("Filler"))
            .Select(v => new CartLine { ProductId = v.ProductId, VariantId = v.Id, Quantity = 1 }).ToListAsync();
        for (var i = fillers.Count; i < ShoppingCart.MaxLines - 1; i++)
        {
            var filler = new Product { Name = $"Filler {i}", Slug = CatalogSteps.Marker(), Description = "", PriceMinor = 100, CategoryId = category.Id,
                IsPublished = true, ImagePath = "/images/products/enamel-camping-mug.svg", CreatedAt = DateTimeOffset.UtcNow };
            filler.Variants.Add(new ProductVariant { Sku = Skus.Of(filler.Slug), Stock = 5 });
            db.Products.Add(filler);
            await db.SaveChangesAsync();
            fillers.Add(new CartLine { ProductId = filler.Id, VariantId = filler.Variants[0].Id, Quantity = 1 });
        }

        cart.Lines.AddRange(fillers.Take(ShoppingCart.MaxLines - 1));
        return await db.SaveChangesAsync();
    });

    /// <summary>A client at <paramref name="address"/> (through the trusted local proxy), with or without a cookie jar; redirects not followed.</summary>
    private static HttpClient ClientAt(ShopFactory shop, string address, bool cookies)
    {
        var client = shop.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = cookies, AllowAutoRedirect = cookies });
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private async Task<Product> ProductAsync() =>
        await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Lantern " + CatalogSteps.Marker(), stock: 20);

    private async Task<long> GuestCartsAsync() =>
        (await factory.Store.QueryAsync("SELECT COUNT(*) FROM \"Carts\" WHERE \"UserId\" IS NULL", r => r.GetInt64(0))).Single();
}
