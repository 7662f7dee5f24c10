using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>An app's calls to the API, each checked against the committed OpenAPI document.</summary>
public static class ApiSteps
{
    /// <summary>An app's HTTP client: no cookies, no redirects followed, from a client address of its own.</summary>
    public static HttpClient CreateApiClient(this ShopFactory factory) => factory.CreateBrowser(followRedirects: false).Client;

    public sealed record GuestCart(string Id, string Secret);

    public static async Task<GuestCart> CreateCartAsync(this HttpClient app)
    {
        using var response = await app.PostAsync("/api/v1/carts", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await OpenApiContract.AssertMatchesAsync(response, "POST", "/api/v1/carts");
        return new GuestCart(body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    public static HttpRequestMessage WithSecret(this HttpRequestMessage request, string secret)
    {
        request.Headers.Add("Cart-Secret", secret);
        return request;
    }

    public static async Task<HttpResponseMessage> AddLineAsync(this HttpClient app, GuestCart cart, string slug, int quantity = 1, string? secret = null) =>
        await app.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{cart.Id}/lines")
        {
            Content = JsonContent.Create(new { productSlug = slug, quantity }),
        }.WithSecret(secret ?? cart.Secret));

    /// <summary>A checkout body for the cart, as an app would send it.</summary>
    public static Dictionary<string, object?> CheckoutBody(GuestCart cart, string email = "app.guest@example.com", string postalCode = "SW1A 1AA") => new()
    {
        ["cartId"] = cart.Id,
        ["email"] = email,
        ["fullName"] = "App Guest",
        ["phone"] = "+44 20 7946 0000",
        ["address"] = new Dictionary<string, object?>
        {
            ["name"] = "App Guest",
            ["line1"] = "1 Example Street",
            ["city"] = "London",
            ["postalCode"] = postalCode,
            ["country"] = "GB",
        },
        ["shipping"] = "standard",
        ["payment"] = "payOnDelivery",
    };

    public static async Task<HttpResponseMessage> CheckoutAsync(this HttpClient app, GuestCart cart, object body, string? idempotencyKey, string? secret = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkout") { Content = JsonContent.Create(body) }.WithSecret(secret ?? cart.Secret);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await app.SendAsync(request);
    }

    /// <summary>A signed-in shopper's checkout body: no cart id (the token names the cart); a choice left null is left as it is.</summary>
    public static Dictionary<string, object?> SignedInCheckoutBody(bool? saveContact, bool? saveAddresses)
    {
        var body = CheckoutBody(new GuestCart("", ""), email: "app.shopper@example.com");
        body.Remove("cartId");
        body["fullName"] = "App Shopper";
        if (saveContact is not null)
        {
            body["saveContactDetails"] = saveContact;
        }

        if (saveAddresses is not null)
        {
            body["saveShippingAddresses"] = saveAddresses;
        }

        return body;
    }

    /// <summary>A signed-in shopper's checkout: the bearer token is on <paramref name="app"/>.</summary>
    public static Task<HttpResponseMessage> SignedInCheckoutAsync(this HttpClient app, object body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkout") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return app.SendAsync(request);
    }

    /// <summary>A problem's type, after checking the response is one the document describes.</summary>
    public static async Task<string> ProblemTypeAsync(HttpResponseMessage response, string method, string pathTemplate)
    {
        Assert.True(OpenApiContract.IsProblem(response), $"{method} {pathTemplate} answered {(int)response.StatusCode} with {response.Content.Headers.ContentType}, not a problem.");
        var body = await OpenApiContract.AssertMatchesAsync(response, method, pathTemplate);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        return body.GetProperty("type").GetString()!;
    }

    public static JsonElement Errors(this JsonElement problem) => problem.GetProperty("errors");
}
