using System.Net;
using System.Net.Http.Json;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>The signed-in shopper's orders through the app: their own only, paged, and cancelled as on the order page.</summary>
public sealed class MeOrderEndpointsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Orders_come_newest_first_a_page_at_a_time_with_the_total_count()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Orders Cup", stock: 50);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add(await PlaceAsync(app, product.Slug));
            factory.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        using var first = await app.GetAsync("/api/v1/me/orders?pageSize=2");
        Assert.True(first.Headers.CacheControl?.NoStore);
        var page1 = await OpenApiContract.AssertMatchesAsync(first, "GET", "/api/v1/me/orders");
        Assert.Equal(3, page1.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, page1.GetProperty("totalPages").GetInt32());
        Assert.Equal([numbers[2], numbers[1]], page1.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("number").GetString()));

        var page2 = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/orders?page=2&pageSize=2"), "GET", "/api/v1/me/orders");
        Assert.Equal([numbers[0]], page2.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("number").GetString()));

        var all = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/orders"), "GET", "/api/v1/me/orders");
        Assert.Equal(20, all.GetProperty("pageSize").GetInt32());
        Assert.Equal(3, all.GetProperty("items").GetArrayLength());

        foreach (var query in new[] { "pageSize=101", "pageSize=0", "page=0", "page=x" })
        {
            using var invalid = await app.GetAsync("/api/v1/me/orders?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(invalid, "GET", "/api/v1/me/orders"));
        }

        // Another shopper sees none of them.
        var (_, otherTokens) = await AppSignIn.NewShopperAsync(factory);
        using var other = AppSignIn.AppClient(factory, otherTokens.AccessToken);
        var theirs = await OpenApiContract.AssertMatchesAsync(await other.GetAsync("/api/v1/me/orders"), "GET", "/api/v1/me/orders");
        Assert.Equal(0, theirs.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task An_order_is_read_and_cancelled_by_its_shopper_once_and_another_shoppers_is_a_404()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Orders Bowl", stock: 5);
        var (email, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        var number = await PlaceAsync(app, product.Slug, quantity: 2);
        Assert.Equal(3, await factory.StockOfAsync(product.Id));

        var order = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/me/orders/{number}"), "GET", "/api/v1/me/orders/{number}");
        Assert.Equal(number, order.GetProperty("number").GetString());
        Assert.True(order.GetProperty("canCancel").GetBoolean());

        var (_, otherTokens) = await AppSignIn.NewShopperAsync(factory);
        using var other = AppSignIn.AppClient(factory, otherTokens.AccessToken);
        using var othersRead = await other.GetAsync($"/api/v1/me/orders/{number}");
        Assert.Equal(HttpStatusCode.NotFound, othersRead.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(othersRead, "GET", "/api/v1/me/orders/{number}"));
        using var othersCancel = await other.PostAsync($"/api/v1/me/orders/{number}/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, othersCancel.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(othersCancel, "POST", "/api/v1/me/orders/{number}/cancel"));
        Assert.Equal(3, await factory.StockOfAsync(product.Id));

        using var cancelled = await app.PostAsync($"/api/v1/me/orders/{number}/cancel", null);
        var body = await OpenApiContract.AssertMatchesAsync(cancelled, "POST", "/api/v1/me/orders/{number}/cancel");
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("canCancel").GetBoolean());
        Assert.Equal(5, await factory.StockOfAsync(product.Id));

        using var again = await app.PostAsync($"/api/v1/me/orders/{number}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("https://shopweb.example/problems/order-not-cancellable", await ApiSteps.ProblemTypeAsync(again, "POST", "/api/v1/me/orders/{number}/cancel"));
        Assert.Equal(5, await factory.StockOfAsync(product.Id));

        // The browser's order page, for the same account, shows the order cancelled.
        var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);
        Assert.Contains("Cancelled", await browser.Client.GetStringAsync($"/orders/{number}"));

        using var unknown = await app.GetAsync("/api/v1/me/orders/SW-NOSUCH00");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await ApiSteps.ProblemTypeAsync(unknown, "GET", "/api/v1/me/orders/{number}");
    }

    [Theory]
    [InlineData("GET", "/api/v1/me/orders")]
    [InlineData("GET", "/api/v1/me/orders/{number}")]
    [InlineData("POST", "/api/v1/me/orders/{number}/cancel")]
    public async Task Without_a_token_it_is_a_401_problem(string method, string template)
    {
        using var app = AppSignIn.AppClient(factory);
        using var response = await app.SendAsync(new HttpRequestMessage(new HttpMethod(method), template.Replace("{number}", "SW-23456789")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("https://shopweb.example/problems/unauthorized", await ApiSteps.ProblemTypeAsync(response, method, template));
    }

    private static async Task<string> PlaceAsync(HttpClient app, string slug, int quantity = 1)
    {
        (await app.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = slug, quantity })).EnsureSuccessStatusCode();
        var body = ApiSteps.CheckoutBody(new ApiSteps.GuestCart("", ""));
        body.Remove("cartId");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkout") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var placed = await app.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return (await OpenApiContract.AssertMatchesAsync(placed, "POST", "/api/v1/checkout")).GetProperty("order").GetProperty("number").GetString()!;
    }
}
