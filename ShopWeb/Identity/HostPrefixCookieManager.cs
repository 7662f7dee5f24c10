using Microsoft.AspNetCore.Authentication.Cookies;

namespace ShopWeb.Identity;

/// <summary>
/// Over HTTPS, the sign-in cookies get the <c>__Host-</c> prefix (Secure, path /, no domain), which the browser
/// enforces: no subdomain or plain-HTTP page can plant or overwrite them. Over plain HTTP (development) they keep
/// their plain name, since browsers refuse a prefixed cookie without Secure. The guest's cart cookie goes through it too.
/// </summary>
internal sealed class HostPrefixCookieManager : ICookieManager
{
    public const string Prefix = "__Host-";
    private readonly ChunkingCookieManager inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => inner.GetRequestCookie(context, NameFor(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        inner.AppendResponseCookie(context, NameFor(context, key), value, Harden(context, options));

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        inner.DeleteCookie(context, NameFor(context, key), Harden(context, options));

    private static string NameFor(HttpContext context, string key) => context.Request.IsHttps ? Prefix + key : key;

    private static CookieOptions Harden(HttpContext context, CookieOptions options)
    {
        if (context.Request.IsHttps)
        {
            options.Secure = true;
            options.Path = "/";
            options.Domain = null;
        }

        return options;
    }
}
