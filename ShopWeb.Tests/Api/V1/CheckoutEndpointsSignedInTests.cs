using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>A signed-in shopper's checkout through the app: their own cart, their Idempotency-Keys, the checkout page's save-my-details rules.</summary>
public sealed class CheckoutEndpointsSignedInTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_shoppers_own_cart_is_ordered_the_details_saved_as_chosen_and_a_retry_replays_the_same_order()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Signed Lamp", priceMinor: 2500, stock: 5);
        var (email, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        (await app.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = product.Slug, quantity = 2 })).EnsureSuccessStatusCode();

        // Both choices are off for a new account: nothing pre-fills the checkout.
        var before = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/checkout-details"), "GET", "/api/v1/me/checkout-details");
        Assert.Equal(email, before.GetProperty("email").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, before.GetProperty("contact").ValueKind);
        Assert.Equal(0, before.GetProperty("addresses").GetArrayLength());

        var body = ApiSteps.SignedInCheckoutBody(saveContact: true, saveAddresses: true);
        var key = Guid.NewGuid().ToString();
        using var placed = await app.SignedInCheckoutAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var answer = await OpenApiContract.AssertMatchesAsync(placed, "POST", "/api/v1/checkout");
        var number = answer.GetProperty("order").GetProperty("number").GetString()!;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.GetProperty("accessToken").ValueKind);
        Assert.Equal($"/api/v1/me/orders/{number}", placed.Headers.Location?.OriginalString);
        Assert.Equal(3, await factory.StockOfAsync(product.Id));

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var order = await db.Orders.SingleAsync(o => o.Number == number);
            var user = await db.Users.SingleAsync(u => u.Email == email);
            Assert.Equal(user.Id, order.UserId);
            var places = await db.ConsentRecords.Where(c => c.UserId == user.Id).Select(c => new { c.Choice, c.Granted, c.Page }).ToListAsync();
            Assert.Equal(2, places.Count);
            Assert.All(places, p => Assert.True(p.Granted));
            Assert.All(places, p => Assert.Equal("app", p.Page));
        }

        // The shopper's cart was ordered: it is empty now, as in the browser.
        var cart = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/cart"), "GET", "/api/v1/me/cart");
        Assert.Equal(0, cart.GetProperty("units").GetInt32());

        using var replay = await app.SignedInCheckoutAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(number, (await OpenApiContract.AssertMatchesAsync(replay, "POST", "/api/v1/checkout")).GetProperty("order").GetProperty("number").GetString());
        Assert.Equal(3, await factory.StockOfAsync(product.Id));

        var after = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/checkout-details"), "GET", "/api/v1/me/checkout-details");
        Assert.Equal("App Shopper", after.GetProperty("contact").GetProperty("fullName").GetString());
        Assert.Equal("+44 20 7946 0000", after.GetProperty("contact").GetProperty("phone").GetString());
        var address = Assert.Single(after.GetProperty("addresses").EnumerateArray());
        Assert.Equal("SW1A 1AA", address.GetProperty("postalCode").GetString());
        Assert.True(address.GetProperty("isDefault").GetBoolean());
        Assert.True(after.GetProperty("choices").GetProperty("shippingAddresses").GetBoolean());

        // Unticked at the next checkout, addresses are erased at once; left out, the contact choice stays on.
        (await app.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = product.Slug, quantity = 1 })).EnsureSuccessStatusCode();
        var second = ApiSteps.SignedInCheckoutBody(saveContact: null, saveAddresses: false);
        using var placedAgain = await app.SignedInCheckoutAsync(second, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, placedAgain.StatusCode);
        Assert.NotEqual(number, (await OpenApiContract.AssertMatchesAsync(placedAgain, "POST", "/api/v1/checkout")).GetProperty("order").GetProperty("number").GetString());
        var erased = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/checkout-details"), "GET", "/api/v1/me/checkout-details");
        Assert.Equal(0, erased.GetProperty("addresses").GetArrayLength());
        Assert.False(erased.GetProperty("choices").GetProperty("shippingAddresses").GetBoolean());
        Assert.Equal("App Shopper", erased.GetProperty("contact").GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task Checkout_details_are_what_the_profile_page_saved_and_only_while_the_choice_is_on()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: false, fullName: "Zoë Martin", phone: "+33 6 12 34 56 78");
        using var app = AppSignIn.AppClient(factory, (await AppSignIn.TokensForAsync(factory, email)).AccessToken);

        using var on = await app.GetAsync("/api/v1/me/checkout-details");
        Assert.True(on.Headers.CacheControl?.NoStore);
        var details = await OpenApiContract.AssertMatchesAsync(on, "GET", "/api/v1/me/checkout-details");
        Assert.Equal("Zoë Martin", details.GetProperty("contact").GetProperty("fullName").GetString());

        await browser.SaveProfileAsync(saveContact: false, saveAddresses: false);
        var off = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/checkout-details"), "GET", "/api/v1/me/checkout-details");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, off.GetProperty("contact").ValueKind);
        Assert.False(off.GetProperty("choices").GetProperty("contactDetails").GetBoolean());

        using var anonymous = AppSignIn.AppClient(factory);
        using var refused = await anonymous.GetAsync("/api/v1/me/checkout-details");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/unauthorized", await ApiSteps.ProblemTypeAsync(refused, "GET", "/api/v1/me/checkout-details"));
    }

    [Fact]
    public async Task A_cartId_with_a_token_is_a_400_a_bad_token_a_401_an_empty_cart_a_422_and_keys_are_per_shopper()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Signed Vase", stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        var withCart = ApiSteps.SignedInCheckoutBody(saveContact: null, saveAddresses: null);
        withCart["cartId"] = "AAAAAAAAAAAAAAAAAAAAAA";
        using var cartId = await app.SignedInCheckoutAsync(withCart, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, cartId.StatusCode);
        var problem = await OpenApiContract.AssertMatchesAsync(cartId, "POST", "/api/v1/checkout");
        Assert.True(problem.Errors().TryGetProperty("cartId", out _));

        using var empty = await app.SignedInCheckoutAsync(ApiSteps.SignedInCheckoutBody(null, null), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("https://shopweb.example/problems/empty-cart", await ApiSteps.ProblemTypeAsync(empty, "POST", "/api/v1/checkout"));

        using var forged = AppSignIn.AppClient(factory, "not-a-token");
        using var refused = await forged.SignedInCheckoutAsync(ApiSteps.SignedInCheckoutBody(null, null), Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("https://shopweb.example/problems/unauthorized", await ApiSteps.ProblemTypeAsync(refused, "POST", "/api/v1/checkout"));

        // Two shoppers using the same key each get an order of their own.
        var key = Guid.NewGuid().ToString();
        (await app.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = product.Slug })).EnsureSuccessStatusCode();
        using var mine = await app.SignedInCheckoutAsync(ApiSteps.SignedInCheckoutBody(null, null), key);
        var (_, otherTokens) = await AppSignIn.NewShopperAsync(factory);
        using var other = AppSignIn.AppClient(factory, otherTokens.AccessToken);
        (await other.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = product.Slug })).EnsureSuccessStatusCode();
        using var theirs = await other.SignedInCheckoutAsync(ApiSteps.SignedInCheckoutBody(null, null), key);
        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual(
            (await OpenApiContract.AssertMatchesAsync(mine, "POST", "/api/v1/checkout")).GetProperty("order").GetProperty("number").GetString(),
            (await OpenApiContract.AssertMatchesAsync(theirs, "POST", "/api/v1/checkout")).GetProperty("order").GetProperty("number").GetString());
        Assert.Equal(3, await factory.StockOfAsync(product.Id));
    }
}
