using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ShopWeb.Ordering;

/// <summary>
/// Whose cart a request is about: the signed-in shopper's, or the guest's named by the cart cookie (<c>__Host-</c>
/// prefixed over HTTPS, as the sign-in cookie is, so no subdomain or plain-HTTP page can plant a cart on a shopper).
/// </summary>
public sealed record CartOwner(string? UserId, string? GuestKey)
{
    public const string CookieName = "ShopWeb.Cart";
    private const int KeyLength = 43; // 32 random bytes, base64url

    /// <summary>The client address a new guest cart counts against (<see cref="GuestCartLimit"/>); null outside a request.</summary>
    public string? Client { get; init; }

    public bool IsKnown => UserId is not null || GuestKey is not null;

    /// <summary>What this owner's cart changes and checkouts take turns on (see <see cref="Data.StoreLocks"/>).</summary>
    public string LockKey => UserId is not null ? "cart:user:" + UserId : "cart:guest:" + GuestKey;

    public static CartOwner Of(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? new CartOwner(userId, null)
            : new CartOwner(null, GuestKeyOf(context)) { Client = Infrastructure.ClientAddress.Of(context) };

    /// <summary>The owner, giving a guest a cart cookie first if they have none.</summary>
    public static CartOwner Ensure(HttpContext context)
    {
        var owner = Of(context);
        if (owner.IsKnown)
        {
            return owner;
        }

        var key = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        Cookies.AppendResponseCookie(context, CookieName, key, CartCookieOptions(context));
        return owner with { GuestKey = key };
    }

    /// <summary>
    /// How the cart's cookies are written: this one, and the header's count beside it (<see cref="CartCount"/>). They
    /// last as long as the store keeps an untouched guest cart (<see cref="CartOptions.GuestDays"/>), counted again
    /// from each visit to the cart page (<see cref="Renew"/>), so the browser never forgets a cart the store still has.
    /// </summary>
    internal static CookieOptions CartCookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        IsEssential = true, // they keep and show the cart the shopper asked for
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        MaxAge = TimeSpan.FromDays(context.RequestServices.GetRequiredService<IOptions<CartOptions>>().Value.GuestDays),
    };

    /// <summary>Writes a guest's cart cookie again, so it lasts <see cref="CartOptions.GuestDays"/> from now.</summary>
    public static void Renew(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true && GuestKeyOf(context) is { } key)
        {
            Cookies.AppendResponseCookie(context, CookieName, key, CartCookieOptions(context));
        }
    }

    public static string? GuestKeyOf(HttpContext context) =>
        Cookies.GetRequestCookie(context, CookieName) is { Length: KeyLength } key ? key : null;

    public static void Forget(HttpContext context) => Cookies.DeleteCookie(context, CookieName, new CookieOptions());

    private static readonly Identity.HostPrefixCookieManager Cookies = new();
}
