using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Scaling;

/// <summary>With Redis, the new guest carts of one address are counted once across every instance, not once per instance.</summary>
public sealed class GuestCartLimitTwoInstancesTests : IDisposable
{
    private readonly RedisServer redis = new();
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-cart-limit-").FullName;
    private readonly ShopFactory a;
    private readonly ShopFactory b;

    public GuestCartLimitTwoInstancesTests()
    {
        a = Instance();
        _ = a.Server; // the first one migrates and seeds the shared store
        b = Instance();
    }

    [Fact]
    public async Task Two_new_carts_an_hour_are_two_in_all_whichever_instance_starts_them()
    {
        var product = await a.CreateProductAsync(await a.CreateCategoryAsync(), "Jug " + CatalogSteps.Marker());

        var answers = new List<HttpStatusCode>();
        foreach (var instance in new[] { a, b, a, b })
        {
            using var client = instance.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");
            using var request = (await client.ScriptedAddToCartAsync(product.Slug))(product.Variants[0].Id);
            using var response = await client.SendAsync(request);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
    }

    public void Dispose()
    {
        b.Dispose();
        a.Dispose();
        redis.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestStore.Delete(folder);
    }

    private ShopFactory Instance() => new(new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = redis.Configuration,
        ["Carts:NewGuestCartsPerHour"] = "2",
    }, folder);
}
