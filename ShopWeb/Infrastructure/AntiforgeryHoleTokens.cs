using System.Collections.Concurrent;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace ShopWeb.Infrastructure;

/// <summary>
/// The token an anonymous visitor's antiforgery hole is filled with. A first visit costs what it always did: a new
/// antiforgery cookie and a request token paired with it (two data-protection encryptions). A returning visitor sends
/// that cookie again, and any request token made for it is as good as any other (it holds the cookie's own secret and no
/// time), so the one made at their second page view is handed out again for a few minutes instead of decrypting their
/// cookie and encrypting a new token on every page: a token they already hold, for a cookie only they hold, in a page
/// sent to them alone with no-store. A signed-in shopper's token names them too, so theirs is kept by cookie and
/// session (the forms of the catalog pages and the account menu, AntiforgeryHole.FormTokenFor).
/// </summary>
internal sealed class AntiforgeryHoleTokens(IAntiforgery antiforgery, IOptions<AntiforgeryOptions> options, TimeProvider clock)
{
    /// <summary>How many returning visitors are remembered at most; past it, the oldest half is forgotten.</summary>
    public const int MaxRemembered = 10_000;

    /// <summary>How long a token is handed out again: well within the data-protection key's lifetime.</summary>
    public static readonly TimeSpan Reuse = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Made)> byCookie = new(StringComparer.Ordinal);
    private readonly string cookieName = options.Value.Cookie.Name!;

    /// <summary>The request token for this visitor, storing their antiforgery cookie when they have none (or a bad one).</summary>
    public string RequestTokenFor(HttpContext context)
    {
        var now = clock.GetUtcNow();
        var key = KeyOf(context);
        if (key is not null && byCookie.TryGetValue(key, out var known) && now - known.Made < Reuse)
        {
            // What antiforgery sets with every token it hands out: a page holding one must never be kept by a cache.
            context.Response.Headers.CacheControl = "no-cache, no-store";
            context.Response.Headers.Pragma = "no-cache";
            return known.Token;
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        // Remembered once their cookie has come back and read (no new cookie was made): a first visit, or a script
        // that never keeps cookies, costs nothing here, and only cookies the shop made and can read are kept.
        if (tokens.CookieToken is null && key is { } held)
        {
            if (byCookie.Count >= MaxRemembered)
            {
                Forget(now);
            }

            byCookie[held] = (tokens.RequestToken!, now);
        }

        return tokens.RequestToken!;
    }

    /// <summary>
    /// Whose token: the antiforgery cookie, and for a signed-in shopper their session too (their token also names
    /// them, so another sign-in in the same browser, or a sign-out, is handed a new one). Null: none is handed again.
    /// </summary>
    private string? KeyOf(HttpContext context)
    {
        var cookie = context.Request.Cookies[cookieName];
        if (cookie is not { Length: > 0 and <= 1024 })
        {
            return null;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            return cookie;
        }

        return Identity.ServerSessions.CurrentSessionId(context.User) is { } session ? cookie + "\n" + session : null;
    }

    // Past the limit: the expired go, and if that is not enough, every entry older than the median age.
    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, value) in byCookie)
        {
            if (now - value.Made >= Reuse)
            {
                byCookie.TryRemove(key, out _);
            }
        }

        if (byCookie.Count >= MaxRemembered / 2)
        {
            var cutoff = byCookie.Values.Select(v => v.Made).Order().ElementAt(byCookie.Count / 2);
            foreach (var (key, value) in byCookie)
            {
                if (value.Made <= cutoff)
                {
                    byCookie.TryRemove(key, out _);
                }
            }
        }
    }
}
