using System.Net;

namespace ShopWeb.Tests.Infrastructure.Telemetry;

/// <summary>What needs a shop of its own: the Prometheus scrape port, and a mail server that is down.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_scraped_on_their_own_port_and_never_on_the_shops_address()
    {
        var port = AppProcess.FreePort();
        await using var factory = new ShopFactory(new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Scraped jug");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(product);
        await browser.CheckoutAsync(CheckoutSteps.GuestFields(AccountSteps.NewEmail("scrape")));

        using var shop = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await shop.GetAsync("/metrics")).StatusCode);

        using var prometheus = new HttpClient();
        using var scrape = await prometheus.GetAsync($"http://localhost:{port}/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("shop_orders_placed_total", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);

        // A scrape target written as the address answers too, not only the host name the listener was given.
        using var byAddress = await prometheus.GetAsync($"http://127.0.0.1:{port}/metrics");
        Assert.Equal(HttpStatusCode.OK, byAddress.StatusCode);
    }

    [Fact]
    public async Task Emails_that_fail_are_counted_and_the_outbox_age_grows_while_the_mail_server_is_down()
    {
        await using var factory = new ShopFactory(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = AppProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), // nothing listens
            ["Email:Smtp:UseTls"] = "false",
        });
        using var metrics = new MetricsRecorder(factory);
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync(AccountSteps.NewEmail("smtp-down"));

        Assert.Equal(1, metrics["shop.emails.queued"]);
        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(metrics["shop.emails.failed"] >= 1)));
        Assert.Equal(0, metrics["shop.emails.sent"]);

        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(metrics.Gauge("shop.outbox.age") >= 600)));
    }
}
