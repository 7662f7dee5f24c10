using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Scaling;

/// <summary>
/// An instance started before its Redis (a farm brought up in any order): alive at once, not ready until Redis
/// answers, and then serving pages, with no restart.
/// </summary>
public sealed class RedisAwayAtStartTests
{
    [Fact]
    public async Task A_shop_started_before_its_Redis_is_alive_not_ready_and_serves_once_Redis_answers()
    {
        var port = AppProcess.FreePort();
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = $"127.0.0.1:{port}" });
        using var browser = shop.CreateBrowser();

        using var live = await browser.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await browser.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        using var redis = new RedisServer(port);

        Assert.True(await BackgroundJobs.UntilAsync(async () =>
        {
            using var again = await browser.Client.GetAsync("/health/ready");
            return again.StatusCode == HttpStatusCode.OK;
        }), "ready once Redis answers");
        Assert.Equal("Sign in", (await browser.GetAsync("/account/login")).Heading);
    }
}
