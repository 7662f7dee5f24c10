namespace ShopWeb.Infrastructure;

/// <summary>HSTS and the redirect to HTTPS only make sense when the shop actually listens on HTTPS.</summary>
internal static class HttpsSettings
{
    public static bool AreConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["https_port"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || (configuration["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Any(endpoint => (endpoint["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Sends plain-HTTP requests to the same path on the public HTTPS URL. The framework's own redirect copies the
    /// request's Host header into the link; this one takes the host from Shop:PublicUrl only.
    /// </summary>
    public static IApplicationBuilder UseRedirectToPublicHttps(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var site = context.RequestServices.GetRequiredService<PublicLinks>().BaseUrl;
        if (context.Request.IsHttps || site.Scheme != Uri.UriSchemeHttps)
        {
            return next(context);
        }

        var target = new Uri(site, (context.Request.Path + context.Request.QueryString).TrimStart('/'));
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = target.ToString();
        return Task.CompletedTask;
    });
}
