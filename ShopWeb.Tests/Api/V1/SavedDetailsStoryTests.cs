using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>
/// The product's story told by an app alone, with no page in between: what the shopper chose to save is there at the
/// next checkout, turning the choice off erases it, and the export shows every decision, made in the app.
/// </summary>
public sealed class SavedDetailsStoryTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Save_my_details_from_the_first_choice_to_the_export_through_the_api_alone()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Story Teapot", priceMinor: 3200, stock: 10);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        // The choice turned on, and an address saved in the book.
        var on = await OpenApiContract.AssertMatchesAsync(
            await app.PutAsJsonAsync("/api/v1/me/choices/shipping-addresses", new { on = true }), "PUT", "/api/v1/me/choices/shipping-addresses");
        Assert.True(on.GetProperty("shippingAddresses").GetBoolean());
        using var saved = await app.PostAsJsonAsync("/api/v1/me/addresses", new
        {
            name = "Zoë Martin", line1 = "12 Rue des Lilas", city = "Lyon", postalCode = "69003", country = "FR", makeDefault = true,
        });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        await OpenApiContract.AssertMatchesAsync(saved, "POST", "/api/v1/me/addresses");

        // The checkout details come pre-filled with it.
        var details = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/checkout-details"), "GET", "/api/v1/me/checkout-details");
        var address = Assert.Single(details.GetProperty("addresses").EnumerateArray());
        Assert.Equal("12 Rue des Lilas", address.GetProperty("line1").GetString());

        // An order placed with an Idempotency-Key, and the retry replayed to the same order.
        (await app.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = product.Slug, quantity = 2 })).EnsureSuccessStatusCode();
        var body = ApiSteps.SignedInCheckoutBody(saveContact: null, saveAddresses: null);
        body["address"] = new Dictionary<string, object?>
        {
            ["name"] = address.GetProperty("name").GetString(), ["line1"] = address.GetProperty("line1").GetString(),
            ["city"] = address.GetProperty("city").GetString(), ["postalCode"] = address.GetProperty("postalCode").GetString(),
            ["country"] = address.GetProperty("country").GetString(),
        };
        var key = Guid.NewGuid().ToString();
        using var placed = await app.SignedInCheckoutAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var number = (await OpenApiContract.AssertMatchesAsync(placed, "POST", "/api/v1/checkout")).GetProperty("order").GetProperty("number").GetString();
        using var replayed = await app.SignedInCheckoutAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal(number, (await OpenApiContract.AssertMatchesAsync(replayed, "POST", "/api/v1/checkout")).GetProperty("order").GetProperty("number").GetString());
        Assert.Equal(8, await factory.StockOfAsync(product.Id));
        var orders = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/orders"), "GET", "/api/v1/me/orders");
        Assert.Equal(1, orders.GetProperty("totalCount").GetInt32());

        // The choice turned off erases the address at once.
        var off = await OpenApiContract.AssertMatchesAsync(
            await app.PutAsJsonAsync("/api/v1/me/choices/shipping-addresses", new { on = false }), "PUT", "/api/v1/me/choices/shipping-addresses");
        Assert.False(off.GetProperty("shippingAddresses").GetBoolean());
        var book = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/addresses"), "GET", "/api/v1/me/addresses");
        Assert.Equal(0, book.GetArrayLength());

        // The export shows the history, every decision made in the app, and no address.
        using var exported = await app.PostAsync("/api/v1/me/data-export", null);
        var export = await OpenApiContract.AssertMatchesAsync(exported, "POST", "/api/v1/me/data-export");
        var history = export.GetProperty("consentHistory").EnumerateArray().ToList();
        Assert.Equal(["ShippingAddresses on", "ShippingAddresses off"],
            history.Select(r => $"{r.GetProperty("choice").GetString()} {r.GetProperty("decision").GetString()}"));
        Assert.All(history, r => Assert.Equal("app", r.GetProperty("page").GetString()));
        Assert.Equal(0, export.GetProperty("addresses").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, export.GetProperty("orders").ValueKind);
    }
}
