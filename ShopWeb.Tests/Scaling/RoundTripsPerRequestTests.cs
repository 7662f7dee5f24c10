using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ShopWeb.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ShopWeb.Tests.Scaling;

/// <summary>
/// The store and Redis round trips each kind of request makes on a shop with Redis, the figures README's "How far one
/// farm goes" builds on (printed to the test's output). What must hold whatever else changes: a cached anonymous page
/// costs the store nothing.
/// </summary>
public sealed class RoundTripsPerRequestTests(ITestOutputHelper output) : IDisposable
{
    private const int Views = 10;

    private readonly RedisServer redis = new();
    private readonly CommandCounter store = new();
    private ShopFactory? factory;

    [Fact]
    public async Task Each_kind_of_request_makes_few_round_trips_and_a_cached_page_none_to_the_store()
    {
        factory = new ShopFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration },
            services: services => ShopFactory.AddStoreInterceptor(services, store));
        store.Requests = factory.Services.GetRequiredService<IHttpContextAccessor>();
        using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var server = admin.GetServer(redis.Configuration);
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Round trip tea", stock: 1000);
        var visitor = factory.CreateBrowser();
        var shopper = factory.CreateBrowser();
        Assert.True((await shopper.SignInAsync(await factory.CreateAccountAsync())).IsSignedIn());

        var rows = new List<(string Kind, double Store, double Redis)>();
        async Task MeasureAsync(string kind, int count, Func<Task> request)
        {
            await request(); // warm: the first view fills caches
            var (storeBefore, redisBefore) = (store.Count, await CommandsAsync(server));
            for (var i = 0; i < count; i++)
            {
                await request();
            }

            var redisAfter = await CommandsAsync(server);
            rows.Add((kind, (store.Count - storeBefore) / (double)count, (redisAfter - redisBefore - 1) / (double)count)); // less the INFO itself
        }

        await MeasureAsync("anonymous /products (cached)", Views, () => visitor.GetAsync("/products"));
        await MeasureAsync("anonymous product page (cached)", Views, () => visitor.GetAsync($"/products/{product.Slug}"));
        await MeasureAsync("signed-in /", Views, () => shopper.GetAsync("/"));
        await MeasureAsync("signed-in /products", Views, () => shopper.GetAsync("/products"));
        await MeasureAsync("signed-in product page", Views, () => shopper.GetAsync($"/products/{product.Slug}"));
        await MeasureAsync("signed-in search", Views, () => shopper.GetAsync("/products?q=tea"));
        await MeasureAsync("guest checkout (product page, Add to cart, checkout page, Place order)", 3, async () =>
        {
            var guest = factory.CreateBrowser();
            await guest.AddToCartAsync(product);
            await guest.CheckoutAsync(CheckoutSteps.GuestFields($"guest-{Guid.NewGuid():N}@example.com"));
        });

        foreach (var (kind, storeTrips, redisTrips) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}: store {storeTrips:0.#}, Redis {redisTrips:0.#} per request"));
        }

        Assert.Equal(4, await factory.WithDbAsync(db => db.Orders.CountAsync())); // every checkout measured placed its order
        Assert.Equal(0, rows[0].Store);
        Assert.Equal(0, rows[1].Store);
    }

    private static async Task<long> CommandsAsync(IServer server)
    {
        var stats = (await server.InfoAsync("stats")).SelectMany(g => g).First(p => p.Key == "total_commands_processed");
        return long.Parse(stats.Value, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        factory?.Dispose();
        redis.Dispose();
    }

    /// <summary>Counts the commands requests send; the background jobs' (the outbox's polling, the clocked jobs) are not theirs.</summary>
    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int count;

        public IHttpContextAccessor? Requests { get; set; }

        public int Count => Volatile.Read(ref count);

        private void Count1()
        {
            if (Requests?.HttpContext is not null)
            {
                Interlocked.Increment(ref count);
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count1();
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count1();
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Count1();
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
