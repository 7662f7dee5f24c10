namespace ShopWeb.Infrastructure;

/// <summary>
/// HSTS and the redirect to HTTPS, when the shop is reached over HTTPS: it listens on HTTPS itself, or its public
/// address is https behind a proxy that ends TLS and says so in X-Forwarded-Proto (<see cref="Scaling.BehindProxy"/>
/// makes such a request count as HTTPS).
/// </summary>
internal static class HttpsSettings
{
    private static bool AreConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["https_port"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || (configuration["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Any(endpoint => (endpoint["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        || (configuration[$"{Configuration.ShopOptions.Section}:PublicUrl"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Outside Development, a shop reached over HTTPS sends plain HTTP there (and HSTS): every page is HTTPS.</summary>
    public static bool AreEnforced(IHostEnvironment environment, IConfiguration configuration) =>
        !environment.IsDevelopment() && AreConfigured(configuration);

    /// <summary>
    /// Sends plain-HTTP requests to the same path on the public HTTPS URL. The framework's own redirect copies the
    /// request's Host header into the link; this one takes the scheme and host from Shop:PublicUrl only.
    /// </summary>
    public static IApplicationBuilder UseRedirectToPublicHttps(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var site = context.RequestServices.GetRequiredService<PublicLinks>().BaseUrl;

        // A health probe goes to the instance itself, over plain HTTP, past the proxy that ends TLS.
        if (context.Request.IsHttps || site.Scheme != Uri.UriSchemeHttps || context.Request.Path.StartsWithSegments("/health"))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = Target(site, context.Request);
        return Task.CompletedTask;
    });

    /// <summary>
    /// The public address's origin, then the request's path escaped as a path. Never resolved as a relative link: a
    /// path such as <c>/https://evil.example/</c>, <c>//evil.example/</c> or <c>/\evil.example</c> would then name
    /// another host. Joined to the origin as text, every path stays a path on the shop.
    /// </summary>
    internal static string Target(Uri site, HttpRequest request)
    {
        var path = request.Path.ToUriComponent().Replace("\\", "%5C").TrimStart('/');
        return $"{site.GetLeftPart(UriPartial.Authority)}{site.AbsolutePath.TrimEnd('/')}/{path}{request.QueryString.ToUriComponent()}";
    }
}
