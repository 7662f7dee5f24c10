using System.Text.RegularExpressions;

namespace ShopWeb.Admin;

/// <summary>Serves uploaded product images from their folder outside wwwroot/, by their generated names only.</summary>
internal static partial class MediaEndpoint
{
    public static void MapMedia(this IEndpointRouteBuilder endpoints) => endpoints.MapGet("/media/{name}", (string name, ProductImages images, HttpContext context) =>
    {
        if (!FileName().IsMatch(name))
        {
            return Results.NotFound();
        }

        var path = Path.Combine(images.Folder, name);
        if (!File.Exists(path))
        {
            return Results.NotFound();
        }

        // An SVG opened on its own must not run anything, whatever slipped past the upload check.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        var type = Path.GetExtension(name) switch
        {
            ".png" => "image/png",
            ".jpg" => "image/jpeg",
            ".webp" => "image/webp",
            _ => "image/svg+xml",
        };
        return Results.File(path, type);
    }).DisableRateLimiting(); // a file, like the static ones: a catalog page shows a dozen, and the store is not read

    [GeneratedRegex("^[0-9a-f]{24}\\.(png|jpg|webp|svg)$")]
    private static partial Regex FileName();
}
