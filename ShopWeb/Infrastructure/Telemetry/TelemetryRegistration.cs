using OpenTelemetry.Metrics;

namespace ShopWeb.Infrastructure.Telemetry;

internal static class TelemetryRegistration
{
    public static WebApplicationBuilder AddShopTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShopMetrics>();
        var metrics = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();

        builder.Services.AddOpenTelemetry().WithMetrics(meters =>
        {
            meters.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(ShopMetrics.MeterName);
            if (metrics.Port is { } port)
            {
                meters.AddPrometheusHttpListener(options =>
                {
                    options.Host = metrics.Host;
                    options.Port = port;
                });
            }
        });
        return builder;
    }
}
