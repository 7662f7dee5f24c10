namespace ShopWeb.Infrastructure;

/// <summary>The baseline headers every response carries, error pages included.</summary>
internal static class SecurityHeaders
{
    // No inline script or style anywhere: everything the pages run is a file under wwwroot/.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The same policy, with forms also allowed to end up at <paramref name="origin"/> (a payment provider's page).</summary>
    public static string AllowingFormsTo(string origin) => ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {origin}", StringComparison.Ordinal);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // OnStarting, because the exception handler clears headers set earlier before it renders the error page.
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                // An endpoint may set a stricter policy of its own (uploaded images do).
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });
}
