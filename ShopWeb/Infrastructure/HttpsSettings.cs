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
}
