using System.Net;
using System.Net.Http.Json;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>The signed-in shopper's cart through the app: the account's own cart, the browser's rules, the guest cart merged in.</summary>
public sealed class MeCartEndpointsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Lines_change_one_at_a_time_on_the_accounts_cart_which_the_browser_shows_and_no_other_shopper_sees()
    {
        var category = await factory.CreateCategoryAsync();
        var mug = await factory.CreateProductAsync(category, "Me Cart Mug", priceMinor: 450, stock: 10);
        var jug = await factory.CreateProductAsync(category, "Me Cart Jug", priceMinor: 1000, stock: 10);
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        using var app = AppSignIn.AppClient(factory, (await AppSignIn.TokensForAsync(factory, email)).AccessToken);

        var empty = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/cart"), "GET", "/api/v1/me/cart");
        Assert.Equal(0, empty.GetProperty("lines").GetArrayLength());

        await OpenApiContract.AssertMatchesAsync(await AddAsync(app, mug.Slug, 2), "POST", "/api/v1/me/cart/lines");
        using var added = await AddAsync(app, jug.Slug, 1);
        Assert.True(added.Headers.CacheControl?.NoStore);
        var body = await OpenApiContract.AssertMatchesAsync(added, "POST", "/api/v1/me/cart/lines");
        Assert.Equal(3, body.GetProperty("units").GetInt32());
        Assert.Equal("19.00", body.GetProperty("subtotal").GetProperty("amount").GetString());

        using var changed = await app.PutAsJsonAsync($"/api/v1/me/cart/lines/{mug.Slug}", new { quantity = 5 });
        var afterChange = await OpenApiContract.AssertMatchesAsync(changed, "PUT", "/api/v1/me/cart/lines/{sku}");
        Assert.Equal("22.50", afterChange.GetProperty("lines")[0].GetProperty("lineTotal").GetProperty("amount").GetString());

        // The browser, signed in to the same account, shows the same cart.
        var cartPage = await browser.Client.GetStringAsync("/cart");
        Assert.Contains("Me Cart Mug", cartPage);
        Assert.Contains("Me Cart Jug", cartPage);

        using var removed = await app.DeleteAsync($"/api/v1/me/cart/lines/{mug.Slug}");
        var afterRemove = await OpenApiContract.AssertMatchesAsync(removed, "DELETE", "/api/v1/me/cart/lines/{sku}");
        Assert.Equal([jug.Slug], afterRemove.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("productSlug").GetString()));

        using var again = await app.DeleteAsync($"/api/v1/me/cart/lines/{mug.Slug}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(again, "DELETE", "/api/v1/me/cart/lines/{sku}"));

        var (_, other) = await AppSignIn.NewShopperAsync(factory);
        using var otherApp = AppSignIn.AppClient(factory, other.AccessToken);
        var othersCart = await OpenApiContract.AssertMatchesAsync(await otherApp.GetAsync("/api/v1/me/cart"), "GET", "/api/v1/me/cart");
        Assert.Equal(0, othersCart.GetProperty("lines").GetArrayLength());
        using var othersLine = await otherApp.PutAsJsonAsync($"/api/v1/me/cart/lines/{jug.Slug}", new { quantity = 2 });
        Assert.Equal(HttpStatusCode.NotFound, othersLine.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(othersLine, "PUT", "/api/v1/me/cart/lines/{sku}"));
    }

    [Fact]
    public async Task The_guest_carts_rules_apply_sold_out_withdrawn_and_bad_quantities_are_refused()
    {
        var category = await factory.CreateCategoryAsync();
        var none = await factory.CreateProductAsync(category, "Me Cart None", stock: 0);
        var few = await factory.CreateProductAsync(category, "Me Cart Few", stock: 3);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        using var soldOut = await AddAsync(app, none.Slug);
        Assert.Equal(HttpStatusCode.Conflict, soldOut.StatusCode);
        Assert.Equal("https://shopweb.example/problems/sold-out", await ApiSteps.ProblemTypeAsync(soldOut, "POST", "/api/v1/me/cart/lines"));

        using var unknown = await AddAsync(app, "no-such-product");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("https://shopweb.example/problems/product-unavailable", await ApiSteps.ProblemTypeAsync(unknown, "POST", "/api/v1/me/cart/lines"));

        using var invalid = await AddAsync(app, few.Slug, 0);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(invalid, "POST", "/api/v1/me/cart/lines"));

        using var capped = await AddAsync(app, few.Slug, 5);
        Assert.Equal("Only 3 of Me Cart Few in stock: your cart has 3.",
            (await OpenApiContract.AssertMatchesAsync(capped, "POST", "/api/v1/me/cart/lines")).GetProperty("notice").GetString());
    }

    [Fact]
    public async Task The_guest_cart_merges_in_once_with_quantities_added_and_a_wrong_secret_is_a_404()
    {
        var category = await factory.CreateCategoryAsync();
        var mug = await factory.CreateProductAsync(category, "Merge Mug", stock: 10);
        var plate = await factory.CreateProductAsync(category, "Merge Plate", stock: 10);
        var guestApp = factory.CreateApiClient();
        var guest = await guestApp.CreateCartAsync();
        (await guestApp.AddLineAsync(guest, mug.Slug, 2)).EnsureSuccessStatusCode();
        (await guestApp.AddLineAsync(guest, plate.Slug, 1)).EnsureSuccessStatusCode();
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        (await AddAsync(app, mug.Slug, 1)).EnsureSuccessStatusCode();

        using var wrong = await MergeAsync(app, guest.Id, guest.Secret[..^1] + (guest.Secret[^1] == 'A' ? 'B' : 'A'));
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(wrong, "POST", "/api/v1/me/cart/merge"));

        using var noSecret = await MergeAsync(app, guest.Id, secret: null);
        Assert.Equal(HttpStatusCode.BadRequest, noSecret.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(noSecret, "POST", "/api/v1/me/cart/merge"));

        using var merged = await MergeAsync(app, guest.Id, guest.Secret);
        var body = await OpenApiContract.AssertMatchesAsync(merged, "POST", "/api/v1/me/cart/merge");
        Assert.Equal(4, body.GetProperty("units").GetInt32());
        Assert.Equal(3, body.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("productSlug").GetString() == mug.Slug).GetProperty("quantity").GetInt32());

        // The guest cart is gone: a second merge finds nothing and changes nothing.
        using var twice = await MergeAsync(app, guest.Id, guest.Secret);
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
        await ApiSteps.ProblemTypeAsync(twice, "POST", "/api/v1/me/cart/merge");
        using var guestCart = await guestApp.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{guest.Id}").WithSecret(guest.Secret));
        Assert.Equal(HttpStatusCode.NotFound, guestCart.StatusCode);
        var after = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/cart"), "GET", "/api/v1/me/cart");
        Assert.Equal(4, after.GetProperty("units").GetInt32());
    }

    [Theory]
    [InlineData("GET", "/api/v1/me/cart")]
    [InlineData("POST", "/api/v1/me/cart/lines")]
    [InlineData("POST", "/api/v1/me/cart/merge")]
    public async Task Without_a_token_it_is_a_401_problem(string method, string path)
    {
        using var app = AppSignIn.AppClient(factory);
        using var response = await app.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "GET" ? null : JsonContent.Create(new { productSlug = "x", cartId = "y" }),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("https://shopweb.example/problems/unauthorized", await ApiSteps.ProblemTypeAsync(response, method, path));
    }

    private static Task<HttpResponseMessage> AddAsync(HttpClient app, string slug, int quantity = 1) =>
        app.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = slug, quantity });

    private static Task<HttpResponseMessage> MergeAsync(HttpClient app, string cartId, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/cart/merge") { Content = JsonContent.Create(new { cartId }) };
        if (secret is not null)
        {
            request.Headers.Add("Cart-Secret", secret);
        }

        return app.SendAsync(request);
    }
}
