using System.Net;
using System.Net.Sockets;

namespace ShopWeb.Tests.Infrastructure.Telemetry;

/// <summary>What needs a shop of its own: the Prometheus scrape port, and a mail server that is down.</summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-metrics-").FullName;

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

        // The scrape port serves the scrape and nothing of the shop.
        Assert.Equal(HttpStatusCode.NotFound, (await prometheus.GetAsync($"http://127.0.0.1:{port}/products")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await prometheus.GetAsync($"http://127.0.0.1:{port}/")).StatusCode);
    }

    [Fact]
    public async Task The_shop_starts_while_something_keeps_connecting_to_its_metrics_port_and_then_serves_the_scrape()
    {
        // A Prometheus may connect at any instant of a restart. Three clients connecting without a pause found the
        // instant in which .NET's HttpListener (the scrape endpoint before) throws from Start(): 5 starts of 6 crashed.
        var (port, metricsPort) = (AppProcess.FreePort(), AppProcess.FreePort());
        var environment = AppProcess.ShopEnvironment(folder, port);
        environment["Metrics__Port"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource();
        var knocking = Enumerable.Range(0, 3).Select(_ => Task.Run(() => KeepConnecting(metricsPort, stop.Token))).ToList();

        await using var app = AppProcess.Start(RepoPaths.BuiltAppDll, folder, environment, "--urls", $"http://127.0.0.1:{port}");
        try
        {
            await app.WaitUntilListeningAsync(); // throws, with what the app printed, when it exits instead
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(knocking);
        }

        using var prometheus = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await prometheus.GetAsync($"http://127.0.0.1:{metricsPort}/metrics")).StatusCode);
        Assert.Equal(0, await app.StopAsync());
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

    public void Dispose() => TestStore.Delete(folder);

    private static void KeepConnecting(int port, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Connect(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                // nothing listens yet
            }
        }
    }
}
