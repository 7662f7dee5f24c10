using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Scaling;

/// <summary>
/// Redis going away under a running shop: its pages answer at once with the friendly "try again shortly" page (a 503,
/// never a page held for the client's timeout), and serve again as soon as Redis is back, with no restart.
/// </summary>
public sealed class RedisGoneTests
{
    [Fact]
    public async Task With_its_Redis_gone_a_page_says_so_at_once_and_pages_come_back_with_Redis()
    {
        var redis = new RedisServer();
        var port = redis.Port;
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var browser = shop.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/products")).Status);
        using var shopper = shop.CreateBrowser();
        await shopper.SignInAsync(await shop.CreateAccountAsync());

        redis.Dispose();
        var clock = Stopwatch.StartNew();
        var gone = await browser.GetAsync("/products?q=mug");
        clock.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.Status);
        Assert.Equal("Back in a moment", gone.Heading);
        Assert.Equal("10", gone.Response.Headers.RetryAfter!.ToString());
        // Not a speed target: the shopper must not be held for StackExchange.Redis's 5 s timeouts (twice over).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the page took {clock.Elapsed.TotalSeconds:0.0} s");

        using var app = await shop.CreateApiClient().GetAsync("/api/v1/products?q=mug");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, app.StatusCode);
        Assert.Equal("application/problem+json", app.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://shopweb.example/problems/busy", await ApiSteps.ProblemTypeAsync(app, "GET", "/api/v1/products"));

        var signedIn = await shopper.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signedIn.Status);
        Assert.Equal("Back in a moment", signedIn.Heading);

        using var back = new RedisServer(port);
        Assert.True(await BackgroundJobs.UntilAsync(async () => (await browser.GetAsync("/products?q=mug")).Status == HttpStatusCode.OK),
            "pages served again once Redis answers");
        Assert.Equal("Security", (await shopper.GetAsync("/account/security")).Heading);
    }

    [Fact]
    public async Task With_its_Redis_hanging_a_page_says_so_within_seconds_and_pages_come_back_when_it_answers()
    {
        using var redis = new RedisServer();
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        using var browser = shop.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/products")).Status);

        redis.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            var hung = await browser.GetAsync("/products?q=lamp");
            clock.Stop();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, hung.Status);
            // Not a speed target: a page asks Redis twice (the page cache, the rate limit), each waiting the shop's 3 s
            // command timeout (checked once a second), where the client's own 5 s held it for 10-11 s before.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"the page took {clock.Elapsed.TotalSeconds:0.0} s");
            var probe = Stopwatch.StartNew();
            using var ready = await browser.Client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(probe.Elapsed < TimeSpan.FromSeconds(4), $"the probe took {probe.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            redis.Resume();
        }

        // The shop is still up: a job that met the hang (the instance status's ping) did not stop the host.
        Assert.False(shop.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

        Assert.True(await BackgroundJobs.UntilAsync(async () => (await browser.GetAsync("/products?q=lamp")).Status == HttpStatusCode.OK),
            "pages served again once Redis answers");
    }
}
