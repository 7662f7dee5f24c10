using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ShopWeb.Infrastructure.Telemetry;

/// <summary>The <c>Metrics</c> section: where Prometheus scrapes this instance.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// The port of the Prometheus scrape endpoint (<c>/metrics</c>), a listener of its own (<see cref="MetricsListener"/>)
    /// so that it is never reachable on the shop's public address. Unset: no scrape endpoint.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>
    /// The host the scrape endpoint listens on: localhost (also answering as 127.0.0.1) unless Prometheus runs on
    /// another machine; then this machine's address that Prometheus scrapes, or <c>*</c> (or 0.0.0.0) for every one.
    /// </summary>
    public string Host { get; set; } = "localhost";

    /// <summary>The section as configured, or none when it cannot be read (the start is then stopped: <see cref="Validator"/>).</summary>
    public static MetricsOptions Read(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(Section).Get<MetricsOptions>() ?? new MetricsOptions();
        }
        catch (InvalidOperationException)
        {
            return new MetricsOptions();
        }
    }

    /// <summary>
    /// The addresses the scrape endpoint listens on: 127.0.0.1 for localhost (which Prometheus reaches as either name),
    /// every address for <c>*</c>, or the address given or the name's. A name that does not resolve throws a
    /// <see cref="SocketException"/>.
    /// </summary>
    public IReadOnlyList<IPAddress> Addresses() => Host.Trim() switch
    {
        "*" or "+" or "0.0.0.0" => [IPAddress.Any],
        "::" or "[::]" => [IPAddress.IPv6Any],
        var host when host.Equals("localhost", StringComparison.OrdinalIgnoreCase) => [IPAddress.Loopback],
        var host when IPAddress.TryParse(host.Trim('[', ']'), out var address) => [address],
        var host => Dns.GetHostAddresses(host),
    };

    /// <summary>
    /// A port is one TCP has, is not the shop's own, and is free; a host is a name or an address. The OTLP endpoint, the
    /// other way telemetry leaves, is checked here too: OpenTelemetry's exporter ignores one that is no address, so a
    /// typo would lose every trace without a word.
    /// </summary>
    public sealed class Validator(IConfiguration configuration) : IValidateOptions<MetricsOptions>
    {
        public ValidateOptionsResult Validate(string? name, MetricsOptions options)
        {
            if (configuration[TelemetryRegistration.OtlpEndpointKey] is { } otlp && !string.IsNullOrWhiteSpace(otlp)
                && !(Uri.TryCreate(otlp.Trim(), UriKind.Absolute, out var collector) && collector.Scheme is "http" or "https" && collector.Host.Length > 0))
            {
                return ValidateOptionsResult.Fail($"{TelemetryRegistration.OtlpEndpointKey} '{otlp}' is not the address of an OTLP collector, such as http://localhost:4317.");
            }

            if (Uri.CheckHostName(options.Host.Trim().Trim('[', ']')) == UriHostNameType.Unknown && options.Host.Trim() is not ("*" or "+"))
            {
                return ValidateOptionsResult.Fail($"Metrics:Host '{options.Host}' is not a host name or an IP address (or * for every address).");
            }

            if (options.Port is not { } port)
            {
                return ValidateOptionsResult.Success;
            }

            if (port is < 1 or > 65535)
            {
                return ValidateOptionsResult.Fail($"Metrics:Port must be a port from 1 to 65535, not {port}.");
            }

            if ((configuration["urls"] ?? "").Split(';').Any(url => url.TrimEnd('/').EndsWith($":{port}", StringComparison.Ordinal)))
            {
                return ValidateOptionsResult.Fail($"Metrics:Port {port} is the shop's own port: give the scrape endpoint a port of its own.");
            }

            // Each address is tried as the listener will take it: a port in use, or a host that is not this machine's (an
            // address it does not have, a name that does not resolve), stops the start with one line, not a stack trace.
            try
            {
                foreach (var address in options.Addresses())
                {
                    using var probe = new TcpListener(address, port);
                    probe.Start();
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return ValidateOptionsResult.Fail($"Metrics:Port {port} is already in use on this machine.");
            }
            catch (SocketException ex)
            {
                return ValidateOptionsResult.Fail($"Metrics:Host '{options.Host}' cannot be listened on with Metrics:Port {port}: {ex.Message.TrimEnd('.')}.");
            }

            return ValidateOptionsResult.Success;
        }
    }
}
