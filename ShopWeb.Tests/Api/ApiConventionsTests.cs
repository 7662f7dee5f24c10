using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api;

/// <summary>Under /api every error is a problem document (RFC 9457) with a stable type and a traceId, never an HTML page.</summary>
public sealed class ApiConventionsTests(ApiConventionsTests.Shop factory) : IClassFixture<ApiConventionsTests.Shop>
{
    /// <summary>A shop whose store can be made to fail reading the categories.</summary>
    public sealed class Shop() : ShopFactory(settings: null, services: services => AddStoreInterceptor(services, Failing))
    {
        public static readonly FailingCategories Failing = new();
    }

    [Fact]
    public async Task A_guest_cart_a_checkout_and_an_order_are_answered_no_store_as_they_carry_a_secret_or_a_token()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "No Store Lamp", priceMinor: 1500, stock: 5);
        var app = factory.CreateApiClient();
        using var created = await app.PostAsync("/api/v1/carts", null);
        var cart = await app.CreateCartAsync();
        using var line = await app.AddLineAsync(cart, product.Slug);
        using var read = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{cart.Id}").WithSecret(cart.Secret));
        using var wrongSecret = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/carts/{cart.Id}").WithSecret("nope"));
        using var placed = await app.CheckoutAsync(cart, ApiSteps.CheckoutBody(cart), Guid.NewGuid().ToString());
        var order = JsonDocument.Parse(await placed.Content.ReadAsStringAsync()).RootElement;
        using var orderRead = await app.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{order.GetProperty("order").GetProperty("number").GetString()}")
        {
            Headers = { { "Order-Token", order.GetProperty("accessToken").GetString() } },
        });

        // Errors answered before an endpoint runs: a body that cannot be read, one that is not JSON, a wrong method.
        using var unreadable = await app.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{cart.Id}/lines")
        {
            Content = new StringContent("{\"sku\":\"X\",\"quantity\":\"2\"}", System.Text.Encoding.UTF8, "application/json"),
        }.WithSecret(cart.Secret));
        using var notJson = await app.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/checkout")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        }.WithSecret(cart.Secret));
        using var wrongMethod = await app.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders/SW-AAAA") { Headers = { { "Order-Token", "x" } } });
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.MethodNotAllowed), (unreadable.StatusCode, notJson.StatusCode, wrongMethod.StatusCode));

        foreach (var response in new[] { created, line, read, wrongSecret, placed, orderRead, unreadable, notJson, wrongMethod })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} answered {(int)response.StatusCode} without no-store.");
        }

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (placed.StatusCode, orderRead.StatusCode));
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here")]
    [InlineData("DELETE", "/api")]
    [InlineData("GET", "/API/V2/products")]
    [InlineData("GET", "/api/v1/me/addresses/abc")] // {id:int}: a method the address takes, with a value its constraint refuses
    [InlineData("GET", "/api/v1/me/addresses/%2500")] // decoded once, "%00": never decoded again into a NUL
    public async Task An_unknown_address_or_method_under_api_is_a_404_problem_even_for_a_client_asking_for_HTML(string method, string path)
    {
        var app = factory.CreateApiClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await app.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://shopweb.example/problems/not-found", problem.GetProperty("type").GetString());
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task HEAD_answers_what_GET_does_with_its_ETag()
    {
        using var client = factory.CreateApiClient();
        using var get = await client.GetAsync("/api/v1/products");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/products"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("application/json", head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        using var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/products/no-such-product"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/v1/products", "GET")]
    [InlineData("PATCH", "/api/v1/carts/abc/lines/a-mug", "PUT, DELETE")]
    public async Task A_method_an_address_does_not_take_is_a_405_problem_naming_those_it_does(string method, string path, string allow)
    {
        using var response = await factory.CreateApiClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://shopweb.example/problems/method-not-allowed", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_body_in_a_charset_no_encoding_has_is_a_415_problem()
    {
        var cart = await factory.CreateApiClient().CreateCartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{cart.Id}/lines") { Content = new ByteArrayContent("{\"productSlug\":\"a\"}"u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=nonsense");
        using var response = await factory.CreateApiClient().SendAsync(request.WithSecret(cart.Secret));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://shopweb.example/problems/unsupported-media-type", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task A_body_that_is_not_json_is_a_415_problem_not_a_404(string? contentType)
    {
        var cart = await factory.CreateApiClient().CreateCartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{cart.Id}/lines") { Content = new ByteArrayContent("{\"sku\":\"A-MUG\",\"quantity\":1}"u8.ToArray()) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await factory.CreateApiClient().SendAsync(request.WithSecret(cart.Secret));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://shopweb.example/problems/unsupported-media-type", problem.GetProperty("type").GetString());
        Assert.Equal("Send the body as application/json.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_signed_in_operation_asked_without_a_token_is_a_401_whatever_its_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/me/choices/contact-details") { Content = new StringContent("on") }; // text/plain

        using var response = await factory.CreateApiClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_pages_keep_their_HTML_404()
    {
        using var response = await factory.CreateApiClient().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_failure_is_a_500_problem_with_a_trace_id_and_no_stack_trace()
    {
        await factory.CatalogChangedAsync(); // the categories are read from the store again
        using var failure = Shop.Failing.Once();
        using var response = await factory.CreateApiClient().GetAsync("/api/v1/categories");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("SECRET-DETAIL", text);
        Assert.DoesNotContain(" at ", text);
        Assert.Equal("https://shopweb.example/problems/server-error", await ApiSteps.ProblemTypeAsync(response, "GET", "/api/v1/categories"));
    }

    [Fact]
    public async Task Json_is_camel_case_with_enums_as_strings_and_money_as_text_with_two_decimals()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Conventions Vase", priceMinor: 1290, stock: 0);
        using var response = await factory.CreateApiClient().GetAsync($"/api/v1/products/{product.Slug}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"price\":{\"amount\":\"12.90\",\"currency\":\"EUR\"}", text);
        Assert.Contains("\"level\":\"outOfStock\"", text);
        Assert.Contains("\"maxQuantity\":99", text);
    }

    /// <summary>Fails the next read of the categories, as a store that went away would.</summary>
    public sealed class FailingCategories : DbCommandInterceptor
    {
        private int armed;

        public IDisposable Once()
        {
            Interlocked.Exchange(ref armed, 1);
            return new Disarm(this);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("\"Categories\"", StringComparison.Ordinal) && Interlocked.Exchange(ref armed, 0) == 1
                ? throw new InvalidOperationException("The store failed: SECRET-DETAIL")
                : ValueTask.FromResult(result);

        private sealed class Disarm(FailingCategories owner) : IDisposable
        {
            public void Dispose() => Interlocked.Exchange(ref owner.armed, 0);
        }
    }
}
