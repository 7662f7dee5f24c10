using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Health;

public sealed class HealthEndpointTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task A_working_shop_is_live_and_ready(string url)
    {
        using var browser = factory.CreateBrowser();

        var response = await browser.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoStore, "a probe must never see a cached answer");
    }

    [Fact]
    public async Task Ready_is_503_when_the_database_cannot_be_opened_but_the_shop_is_still_live()
    {
        var folder = Directory.CreateTempSubdirectory("shopweb-broken-").FullName;
        try
        {
            // A folder where the database file should be, which SQLite cannot open; a server that is not there.
            var notAFile = Directory.CreateDirectory(Path.Combine(folder, "shop.db")).FullName;
            using var broken = new ShopFactory(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Shop"] = TestStore.OnPostgres
                    ? $"Host=127.0.0.1;Port={AppProcess.FreePort()};Database=nowhere;Username=shop;Timeout=5"
                    : $"Data Source={notAFile}",
                ["Database:MigrateOnStartup"] = "false",
            });
            using var browser = broken.CreateBrowser();

            var ready = await browser.Client.GetAsync("/health/ready");
            var live = await browser.Client.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Ready_is_503_when_migrations_were_not_applied()
    {
        using var unmigrated = new ShopFactory(new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });
        using var browser = unmigrated.CreateBrowser();

        var ready = await browser.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
