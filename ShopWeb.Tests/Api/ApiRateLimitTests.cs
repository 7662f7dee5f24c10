using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api;

/// <summary>Each client has its own allowance of API requests a minute; past it, a 429 problem says when to come back.</summary>
public sealed class ApiRateLimitTests(ApiRateLimitTests.Shop factory) : IClassFixture<ApiRateLimitTests.Shop>
{
    public sealed class Shop() : ShopFactory(new Dictionary<string, string?> { ["Api:RateLimits:RequestsPerMinute"] = "3" });

    [Fact]
    public async Task Past_the_limit_a_client_gets_a_429_problem_with_Retry_After_while_another_client_is_still_served()
    {
        var app = factory.CreateApiClient();
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await app.GetAsync("/api/v1/categories");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await app.PostAsync("/api/v1/carts", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("https://shopweb.example/problems/rate-limited", await ApiSteps.ProblemTypeAsync(refused, "POST", "/api/v1/carts"));

        using var other = await factory.CreateApiClient().GetAsync("/api/v1/categories");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // The pages are not counted against the API's allowance, nor limited by it.
        using var page = await app.GetAsync("/products");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_app_is_counted_per_shopper_wherever_its_requests_come_from()
    {
        var (_, first) = await AppSignIn.NewShopperAsync(factory);
        var (_, second) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, first.AccessToken);
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await app.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await app.GetAsync("/api/v1/me/cart");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("https://shopweb.example/problems/rate-limited", await ApiSteps.ProblemTypeAsync(refused, "GET", "/api/v1/me/cart"));

        // The same shopper from another address is still over the limit: the count is the shopper's in this app.
        var elsewhere = factory.CreateApiClient();
        elsewhere.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", first.AccessToken);
        using var moved = await elsewhere.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, moved.StatusCode);

        // Another shopper of the same app, from the same address, has an allowance of their own.
        using var other = AppSignIn.AppClient(factory, second.AccessToken);
        using var served = await other.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
