using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using ShopWeb.Identity;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog;

/// <summary>
/// What the output cache may answer and keep for the catalog pages: only a page every anonymous visitor would be
/// shown alike. A signed-in visitor (sign-in cookie) or one with a status message waiting (TempData cookie) is
/// neither served from nor stored in the cache; neither is a request with a body, nor a response that sets a cookie
/// or is not a 200. A page's antiforgery token and cookie are added outside the cache (AntiforgeryHoleMiddleware), so
/// the entry holds neither. A guest's cart cookie alone does not count, but the cart's count does: the header of a
/// visitor with items in their cart shows how many (<see cref="Ordering.CartCount"/>), so their pages are rendered.
/// Every other input these pages could read was checked not to shape them: DEVELOPERS.md lists them.
/// </summary>
internal sealed class AnonymousPagePolicy : IOutputCachePolicy
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// What a page this cache keeps tells the caches in front of the shop (a CDN, a browser): any of them may keep it
    /// for a minute. Not <see cref="Lifetime"/>: no one tells them of a change, so a minute is as stale as they get.
    /// </summary>
    public const string SharedCacheControl = "public, max-age=60";

    /// <summary>
    /// What such a page varies by: the encoding (the key holds the compression's choice), and the cookies, since a
    /// sign-in, TempData or cart-count cookie makes the same address a personal page. A cache that honours Vary then
    /// never hands the anonymous page to someone with a cookie (a CDN may narrow that to those three cookies'
    /// presence). What it must never keep, a signed-in page or one holding a token, never says public (SayShared).
    /// </summary>
    public const string SharedVary = "Accept-Encoding, Cookie";

    private const string ChangesSeen = "AnonymousPagePolicy.ChangesSeen";

    private readonly CatalogCache catalog;
    private readonly string[] personalCookies;
    private readonly bool enabled;
    private readonly HoleAwareCompression compression;
    private readonly Infrastructure.Telemetry.ShopMetrics metrics;

    public AnonymousPagePolicy(
        CatalogCache catalog,
        IOptions<PageCacheOptions> settings,
        HoleAwareCompression compression,
        Infrastructure.Telemetry.ShopMetrics metrics,
        IOptionsMonitor<CookieAuthenticationOptions> authentication,
        IOptions<CookieTempDataProviderOptions> tempData)
    {
        this.catalog = catalog;
        this.compression = compression;
        this.metrics = metrics;
        enabled = settings.Value.Enabled;
        var signIn = authentication.Get(IdentityConstants.ApplicationScheme).Cookie.Name!;
        personalCookies = [signIn, HostPrefixCookieManager.Prefix + signIn, tempData.Value.Cookie.Name!, .. Ordering.CartCount.CookieNames];
    }

    /// <summary>
    /// A named policy of the output cache (<paramref name="options"/>): this one, the app's one instance taken at its
    /// first use, and the key's part that <paramref name="varyBy"/> reads from the request. Not the policy builder:
    /// its <c>AddPolicy&lt;T&gt;()</c> looks up the cache's options in the request's services at every request (its
    /// TypedPolicy, .NET 10), which made a DI scope for every page served from the cache.
    /// </summary>
    public static IOutputCachePolicy In(OutputCacheOptions options, Func<HttpContext, (string Key, string Value)>? varyBy = null) =>
        new Deferred(options.ApplicationServices, varyBy);

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;

        // "?handler=" names another handler of the page, so its answer is not the page the cache holds.
        var anonymous = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !HasBody(request)
            && StringValues.IsNullOrEmpty(request.Headers.Authorization)
            && !HasPersonalCookie(request)
            && !NamesHandler(request);
        context.EnableOutputCaching = enabled;
        context.AllowCacheLookup = anonymous;
        context.AllowCacheStorage = anonymous;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;

        // The pages print no host name (every link is relative): a forged Host header must not make entries of its own.
        context.CacheVaryByRules.VaryByHost = false;

        // The cache keeps the compressed page: one entry per encoding the compression middleware would choose for
        // this client (br, gzip or none; for a page with an antiforgery hole gzip or none), by its own choice, not by
        // the raw Accept-Encoding header (which has many spellings).
        context.CacheVaryByRules.VaryByValues["encoding"] = compression.EncodingKey(context.HttpContext);
        context.Tags.Add(CatalogCache.EveryPage);
        context.HttpContext.Items[ChangesSeen] = catalog.Changes;
        if (anonymous && enabled)
        {
            // At the start, the last moment headers can change (the cache sees the page after it started); the entry
            // keeps what is set here, so a page served from it says the same.
            context.HttpContext.Response.OnStarting(SayShared, context.HttpContext.Response);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Public only for what this cache would share itself: a 200 that sets no cookie and has no token hole (a hole is
    /// filled with a visitor's own token, and that page goes out no-store), and that nothing else has given a
    /// Cache-Control of its own (antiforgery's no-store, the API's).
    /// </summary>
    private static Task SayShared(object state)
    {
        var response = (HttpResponse)state;
        if (response.StatusCode == StatusCodes.Status200OK && StringValues.IsNullOrEmpty(response.Headers.SetCookie)
            && !response.Headers.ContainsKey(AntiforgeryHole.MarkHeader) && StringValues.IsNullOrEmpty(response.Headers.CacheControl))
        {
            response.Headers.CacheControl = SharedCacheControl;
            response.Headers.Vary = SharedVary;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A query naming a handler, read from the raw query string where it cannot (no "handler", no escape), so a page
    /// served from the cache never parses its query; query keys are matched regardless of case, as model binding does.
    /// </summary>
    private static bool NamesHandler(HttpRequest request)
    {
        var raw = request.QueryString.Value;
        if (string.IsNullOrEmpty(raw) || (!raw.Contains("handler", StringComparison.OrdinalIgnoreCase) && !raw.Contains('%')))
        {
            return false;
        }

        return request.Query.ContainsKey("handler");
    }

    private bool HasPersonalCookie(HttpRequest request)
    {
        if (StringValues.IsNullOrEmpty(request.Headers.Cookie))
        {
            return false;
        }

        foreach (var name in personalCookies)
        {
            if (request.Cookies.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A GET that declares a body (a length, chunks, or a content type such as a form's): model binding could read
    /// it, and the key holds only the path and the query, so its answer is neither the cached page nor one to keep.
    /// Browsers never send one; the shop still answers it, rendered for this request alone.
    /// </summary>
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0
        || !StringValues.IsNullOrEmpty(request.Headers.TransferEncoding)
        || !StringValues.IsNullOrEmpty(request.Headers.ContentType);

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        metrics.OutputCacheHits.Add(1);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.AllowCacheLookup && context.EnableOutputCaching)
        {
            metrics.OutputCacheMisses.Add(1); // a page the cache could have answered, rendered
        }

        var response = context.HttpContext.Response;
        var changedMeanwhile = context.HttpContext.Items[ChangesSeen] is not long seen || seen != catalog.Changes;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie) || changedMeanwhile)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    private sealed class Deferred(IServiceProvider services, Func<HttpContext, (string Key, string Value)>? varyBy) : IOutputCachePolicy
    {
        /// <summary>How many query strings' key parts are remembered at most (each at most <see cref="MaxRemembered"/> long); past it, all are forgotten.</summary>
        private const int MaxQueries = 10_000;
        private const int MaxRemembered = 256;

        // The key part is a function of the query string alone (CatalogQuery, VariantChoice, ProductListQuery read nothing
        // else), and working it out (parsing the query, normalising a search) is most of what a listing or a search served
        // from the cache costs beyond the home page: it is worked out once per query string.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Key, string Value)> byQuery = new(StringComparer.Ordinal);

        private IOutputCachePolicy Policy => field ??= services.GetRequiredService<AnonymousPagePolicy>();

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            if (varyBy is not null)
            {
                var raw = context.HttpContext.Request.QueryString.Value ?? "";
                if (!byQuery.TryGetValue(raw, out var part))
                {
                    part = varyBy(context.HttpContext);
                    if (raw.Length <= MaxRemembered)
                    {
                        if (byQuery.Count >= MaxQueries)
                        {
                            byQuery.Clear();
                        }

                        byQuery[raw] = part;
                    }
                }

                context.CacheVaryByRules.VaryByValues[part.Key] = part.Value;
            }

            return Policy.CacheRequestAsync(context, cancellation);
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => Policy.ServeFromCacheAsync(context, cancellation);

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => Policy.ServeResponseAsync(context, cancellation);
    }
}
