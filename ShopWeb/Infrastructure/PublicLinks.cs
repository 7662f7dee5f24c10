using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Builds every absolute link the shop hands out (emails above all) from <c>Shop:PublicUrl</c>, never from the
/// request: a forged <c>Host</c> or <c>X-Forwarded-Host</c> header must not be able to aim a reset link elsewhere.
/// </summary>
public sealed class PublicLinks(LinkGenerator links, IOptions<ShopOptions> shop, IServer server)
{
    private Uri? baseUrl;

    /// <summary>The public base URL; in Development without a setting, the first address the shop listens on.</summary>
    public Uri BaseUrl => baseUrl ??= new Uri(EndWithSlash(shop.Value.PublicUrl ?? FirstListeningAddress()));

    /// <summary>An absolute link to a Razor page, by its full page name (<c>/Account/ConfirmEmail</c>).</summary>
    public string Page(string page, object? values = null)
    {
        var path = links.GetPathByPage(page, handler: null, values, pathBase: new PathString(BaseUrl.AbsolutePath.TrimEnd('/')))
            ?? throw new InvalidOperationException($"No page {page}.");
        return new Uri(BaseUrl, path).ToString();
    }

    /// <summary>An absolute link to a path of the shop (<c>/products/jug</c>, <c>/products?category=x</c>), under the base URL's path.</summary>
    public string Absolute(string path) => new Uri(BaseUrl, path.TrimStart('/')).AbsoluteUri;

    private string FirstListeningAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Shop:PublicUrl is not set and the shop listens on no address yet.");

        // Kestrel reports wildcard bindings as written; a link needs a host a browser can reach.
        return address.Replace("://+", "://localhost").Replace("://*", "://localhost")
            .Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost");
    }

    private static string EndWithSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
