using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Ordering;

/// <summary>Guest carts untouched for Carts:GuestDays are deleted by a background job; a recent one and a shopper's cart stay.</summary>
public sealed class GuestCartExpiryTests
{
    [Fact]
    public async Task An_abandoned_guest_cart_is_gone_after_its_days_while_a_recently_touched_one_and_a_shoppers_cart_stay()
    {
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["Carts:GuestDays"] = "30" });
        var category = await factory.CreateCategoryAsync();
        var abandonedProduct = await factory.CreateProductAsync(category, "Abandoned " + CatalogSteps.Marker());
        var recentProduct = await factory.CreateProductAsync(category, "Recent " + CatalogSteps.Marker());
        var keptProduct = await factory.CreateProductAsync(category, "Kept " + CatalogSteps.Marker());
        using var abandoning = factory.CreateBrowser();
        await abandoning.AddToCartAsync(abandonedProduct);
        using var app = factory.CreateApiClient();
        var appCart = await app.CreateCartAsync();
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        await shopper.AddToCartAsync(keptProduct);
        using var returning = factory.CreateBrowser();
        await returning.AddToCartAsync(recentProduct);

        factory.Clock.Advance(TimeSpan.FromDays(20));
        await returning.AddToCartAsync(recentProduct); // touched: its 30 days start again
        factory.Clock.Advance(TimeSpan.FromDays(10.5));

        Assert.True(await BackgroundJobs.UntilAsync(async () => !await HoldsAsync(factory, abandonedProduct.Id)), "the abandoned guest cart is still there");
        Assert.True(await HoldsAsync(factory, recentProduct.Id));
        Assert.True(await HoldsAsync(factory, keptProduct.Id));
        Assert.Empty((await abandoning.GetAsync("/cart")).Document.QuerySelectorAll("table.cart input[name=quantity]"));
        Assert.Equal(["2"], (await returning.GetAsync("/cart")).Document.QuerySelectorAll("table.cart input[name=quantity]").Select(i => i.GetAttribute("value")));
        Assert.Equal(System.Net.HttpStatusCode.NotFound,
            (await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{appCart.Id}").WithSecret(appCart.Secret))).StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Set<ShopWeb.Data.CartLine>().CountAsync(l => l.ProductId == abandonedProduct.Id)));
    }

    [Fact]
    public async Task A_guests_cart_cookies_last_the_days_a_guest_cart_is_kept_counted_again_at_each_visit_to_the_cart()
    {
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["Carts:GuestDays"] = "90" });
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Kept long " + CatalogSteps.Marker());
        using var guest = factory.CreateBrowser();
        await guest.AddToCartAsync(product);

        var visit = await guest.GetAsync("/cart"); // a later visit, nothing changed: the browser's 90 days start again

        var written = visit.Response.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        Assert.All(new[] { "ShopWeb.Cart=", "ShopWeb.CartCount=1;" }, cookie =>
            Assert.Contains(written, c => c.StartsWith(cookie, StringComparison.Ordinal) && c.Contains("max-age=7776000", StringComparison.OrdinalIgnoreCase)));
    }

    private static Task<bool> HoldsAsync(ShopFactory factory, int productId) =>
        factory.WithDbAsync(db => db.Carts.AnyAsync(c => c.Lines.Any(l => l.ProductId == productId)));
}
