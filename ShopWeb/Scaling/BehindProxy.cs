using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;

namespace ShopWeb.Scaling;

/// <summary>
/// Running as one of several instances behind a proxy: which proxies' X-Forwarded-For and X-Forwarded-Proto are
/// believed (so rate limits and the activity log see the client's address, and cookies are Secure behind TLS),
/// and the X-Instance header that says which instance answered.
/// </summary>
internal static class BehindProxy
{
    public const string Section = "ForwardedHeaders";

    public static WebApplicationBuilder AddShopProxySupport(this WebApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Loopback stays trusted (a proxy on this machine); these are added to it. A malformed entry stops the
            // start with the key's name rather than trusting nothing, or everything, by mistake.
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new OptionsValidationException(Section, typeof(ForwardedHeadersOptions), [$"{Section}:KnownProxies: '{proxy}' is not an IP address."]));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new OptionsValidationException(Section, typeof(ForwardedHeadersOptions), [$"{Section}:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8."]));
            }
        });
        return builder;
    }

    /// <summary>
    /// Every response names the instance that made it when <c>Shop:InstanceName</c> is set, and carries no such header
    /// otherwise: the machine's name and port would tell an attacker about the hosting, and are the operator's to give.
    /// </summary>
    public static IApplicationBuilder UseInstanceHeader(this IApplicationBuilder app)
    {
        var configured = app.ApplicationServices.GetRequiredService<IOptions<ShopOptions>>().Value.InstanceName;
        if (string.IsNullOrWhiteSpace(configured))
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            // OnStarting: the exception handler clears headers set earlier before it renders the error page.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Instance"] = configured;
                return Task.CompletedTask;
            });
            return next();
        });
    }
}
