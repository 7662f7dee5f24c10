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
}
