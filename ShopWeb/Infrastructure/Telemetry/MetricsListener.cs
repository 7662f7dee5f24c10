using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ShopWeb.Infrastructure.Telemetry;

/// <summary>
/// The Prometheus scrape endpoint, <c>/metrics</c> on <c>Metrics:Port</c>: a Kestrel of its own, apart from the shop's,
/// so that it is never reachable on the shop's address and no shop middleware (rate limits, the page cache, the
/// request log) sees a scrape. Everything else on this port is a 404.
/// </summary>
/// <remarks>
/// Not the exporter's HttpListener: .NET's managed HttpListener throws from <c>Start()</c> when a connection arrives in
/// the instant between listening and being ready to accept (in <c>HttpEndPointListener</c>'s constructor), and a
/// Prometheus scraping every second hit that instant during a farm restart: the instance did not start.
/// </remarks>
internal sealed class MetricsListener(IOptions<MetricsOptions> options, MeterProvider meters, IServiceProvider services, ILoggerFactory logs)
    : IHostedService, IAsyncDisposable
{
    private KestrelServer? server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Port is not { } port)
        {
            return;
        }

        var addresses = options.Value.Addresses(); // once: a host name is resolved by DNS
        var kestrel = new KestrelServerOptions { ApplicationServices = services, AddServerHeader = false };
        foreach (var address in addresses)
        {
            kestrel.Listen(address, port);
        }

        var scrape = new ApplicationBuilder(services);
        scrape.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, path: "/metrics", configureBranchedPipeline: null, optionsName: null);
        server = new KestrelServer(Options.Create(kestrel), new SocketTransportFactory(Options.Create(new SocketTransportOptions()), logs), logs);
        await server.StartAsync(new Scrapes(scrape.Build()), cancellationToken);
        logs.CreateLogger<MetricsListener>().LogInformation("Prometheus scrape endpoint: /metrics on port {Port} of {Addresses}", port, string.Join(", ", addresses));
    }

    public Task StopAsync(CancellationToken cancellationToken) => server?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        server?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The scrape pipeline as Kestrel runs it: a plain context each, no hosting metrics or request log.</summary>
    private sealed class Scrapes(RequestDelegate pipeline) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => pipeline(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }
}
