using System.Diagnostics;
using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Hosting;

/// <summary>
/// The shop listens while its store is still being seeded (StoreReadiness), yet no visitor ever sees it half made: a
/// request that comes meanwhile waits, and gets the whole catalog. On SQLite the seeding's write lock alone keeps such a
/// request waiting; on PostgreSQL, whose readers never wait for a writer, only the shop's own wait does, and without it
/// this test sees "0 products" (tried, in the suite's PostgreSQL pass).
/// </summary>
public sealed class StoreReadinessTests : IDisposable
{
    private const int Products = 20_000;

    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-readiness-").FullName;

    [Fact]
    public async Task A_visitor_who_comes_while_a_first_start_seeds_a_large_catalog_waits_and_gets_all_of_it()
    {
        var port = AppProcess.FreePort();
        var environment = AppProcess.ShopEnvironment(folder, port);
        environment["Seed__DemoCatalogSize"] = Products.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder, environment, "--urls", $"http://127.0.0.1:{port}");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(2) };

        // Asked as soon as anything answers: the first answer is the catalog whole, never an empty or partial one.
        var clock = Stopwatch.StartNew();
        HttpResponseMessage? first = null;
        while (first is null && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                first = await client.GetAsync("/products");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20); // not listening yet
            }
        }

        Assert.NotNull(first);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("20,000 products", await first.Content.ReadAsStringAsync());
        Assert.Contains("Application started.", app.Output); // its start completed once the store was seeded
        Assert.Equal("", app.Errors);
    }

    [Fact]
    public async Task Stopped_by_its_operator_the_shop_exits_with_0_and_writes_nothing_to_standard_error()
    {
        await using var app = AppProcess.StartShop(RepoPaths.BuiltAppDll, folder, AppProcess.FreePort());
        await app.WaitUntilListeningAsync();

        Assert.Equal(0, await app.StopAsync());
        Assert.Equal("", app.Errors);
        Assert.Contains("Application is shutting down", app.Output);
    }

    public void Dispose() => TestStore.Delete(folder);
}
