using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ShopWeb.Scaling;

namespace ShopWeb.Infrastructure.Telemetry;

internal static class TelemetryRegistration
{
    /// <summary>The standard variable (also a configuration key) that turns the OTLP export on.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddShopTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShopMetrics>();
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section);
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MetricsOptions>, MetricsOptions.Validator>();
        var metrics = MetricsOptions.Read(builder.Configuration);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var scraped = metrics.Port is >= 1 and <= 65535; // anything else stops the start (MetricsOptions.Validator)
        if (scraped)
        {
            builder.Services.AddHostedService<MetricsListener>();
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "ShopWeb", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId));
        telemetry.WithMetrics(meters =>
        {
            meters.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(ShopMetrics.MeterName);
            if (scraped)
            {
                meters.AddPrometheusExporter(); // served by MetricsListener
            }

            if (otlp)
            {
                meters.AddMeter(MailKit.Telemetry.SmtpClient.MeterName, MailKit.Telemetry.Socket.MeterName);
            }
        });

        // Traces and OTLP logs only when an OTLP endpoint is set: otherwise no listener, no span is even created (the
        // shop's own sources return null), and nothing is queued for export. The console still carries the trace id,
        // from the request's own Activity (appsettings.json: Logging:Console:FormatterOptions:IncludeScopes).
        if (!otlp)
        {
            return builder;
        }

        MailKit.Telemetry.SmtpClient.Configure();
        MailKit.Telemetry.Socket.Configure();
        var redis = !string.IsNullOrWhiteSpace(builder.Configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"]);
        telemetry.WithTracing(tracing =>
        {
            tracing
                .AddSource(ShopActivities.SourceName, MailKit.Telemetry.SmtpClient.ActivitySourceName)
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.RecordException = false; // an exception's message can quote what the shopper typed
                    options.EnrichWithHttpRequest = (activity, _) => PersonalData.RemoveQuery(activity);
                })
                .AddHttpClientInstrumentation(options =>
                {
                    options.RecordException = false;
                    options.EnrichWithHttpRequestMessage = (activity, _) => PersonalData.RemoveQuery(activity);
                })
                .AddEntityFrameworkCoreInstrumentation() // the parameterised SQL only: parameter values are never recorded by default
                .AddProcessor(new PersonalData());
            if (redis)
            {
                // Only the command, never its key: rate-limit and lockout keys hold email addresses.
                tracing.AddRedisInstrumentation(options => options.SetVerboseDatabaseStatements = false);
            }
        });
        telemetry.WithLogging(logging => { }, options =>
        {
            // Each record carries its trace and span id by itself; scopes (request path, connection) and the formatted
            // message (values already in the attributes) add nothing but size.
            options.IncludeScopes = false;
            options.IncludeFormattedMessage = false;
        });
        // ASP.NET Core's "Request starting" line (Information) prints the query string, which can carry a token: never
        // exported, whatever level an operator sets. The shop's own request log (HttpLogging) has the path only.
        builder.Logging.AddFilter<OpenTelemetryLoggerProvider>("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        telemetry.UseOtlpExporter(); // the standard OTEL_EXPORTER_OTLP_* variables: endpoint, protocol, headers
        return builder;
    }

    /// <summary>
    /// Builds the tracer (when traces are on) before anything reads the store, where OpenTelemetry's own hosted service
    /// builds it only at the start. EF Core caches for a second whether anyone listens to its commands (its logging
    /// cache time), and the pooled contexts that migrated and seeded the store kept "no one" into the first requests:
    /// their store calls were missing from the traces.
    /// </summary>
    public static WebApplication StartTracing(this WebApplication app)
    {
        _ = app.Services.GetService<TracerProvider>();
        return app;
    }
}
