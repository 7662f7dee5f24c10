using System.Text;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog.Seo;

/// <summary>
/// <c>/robots.txt</c> and the sitemaps. The sitemaps are cached as the catalog pages are (their policy, so a catalog
/// change evicts them with the pages) and name only what the path does; robots.txt reads only <c>Shop:PublicUrl</c>.
/// </summary>
internal static class SearchEngineFiles
{
    private const string XmlType = "application/xml; charset=utf-8";

    /// <summary>
    /// What crawlers may skip: every page that is a shopper's own, an admin's or a step of buying, and the machine
    /// doors (the API, the sign-in endpoints for apps, the payment pages and webhooks, health). The catalog and the
    /// product images stay open.
    /// </summary>
    public static readonly IReadOnlyList<string> Disallowed =
        ["/account", "/admin", "/api/", "/cart", "/checkout", "/connect/", "/error", "/health/", "/openapi/", "/orders", "/payments", "/status/"];

    public static void MapSearchEngineFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/robots.txt", (PublicLinks links) => Results.Text(Robots(links), "text/plain; charset=utf-8", Encoding.UTF8))
            .ExcludeFromDescription();

        endpoints.MapGet(Sitemaps.IndexPath, async (HttpContext context, Sitemaps sitemaps) =>
        {
            context.Response.ContentType = XmlType;
            await sitemaps.WriteIndexAsync(context.Response.Body, context.RequestAborted);
        }).CacheOutput(CatalogCache.PagePolicy).ExcludeFromDescription();

        endpoints.MapGet(Sitemaps.PagesPath, async (HttpContext context, Sitemaps sitemaps) =>
        {
            context.Response.ContentType = XmlType;
            await sitemaps.WritePagesAsync(context.Response.Body, context.RequestAborted);
        }).CacheOutput(CatalogCache.PagePolicy).ExcludeFromDescription();

        endpoints.MapGet("/sitemaps/products-{file:int}.xml", async (HttpContext context, Sitemaps sitemaps, int file) =>
        {
            context.Response.ContentType = XmlType;
            // Only the address the index names (in any case, as every path of the shop): products-01.xml or products-1.xml/
            // would be the same file at a second address.
            if (!string.Equals(context.Request.Path.Value, Sitemaps.ProductsPath(file), StringComparison.OrdinalIgnoreCase)
                || !await sitemaps.TryWriteProductsAsync(file, context.Response.Body, context.RequestAborted))
            {
                context.Response.ContentType = null;
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }).CacheOutput(CatalogCache.PagePolicy).ExcludeFromDescription();
    }

    public static string Robots(PublicLinks links)
    {
        var text = new StringBuilder("User-agent: *\n");
        foreach (var path in Disallowed)
        {
            text.Append("Disallow: ").Append(path).Append('\n');
        }

        return text.Append("Allow: /\n\nSitemap: ").Append(links.Absolute(Sitemaps.IndexPath)).Append('\n').ToString();
    }
}
