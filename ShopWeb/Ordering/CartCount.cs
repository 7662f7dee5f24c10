using System.Globalization;

namespace ShopWeb.Ordering;

/// <summary>
/// How many items the visitor's cart holds, shown beside "Cart" in every page's header. Showing it costs no store
/// round trip: the count is kept in a cookie of its own, written where the shop reads or changes this browser's cart
/// anyway: the cart page (every change from a page returns to it), a sign-in or registration (the guest cart joins
/// the account's), a placed order (which empties the cart) and a sign-out. The cart page is the truth: a change made
/// elsewhere (another device, an app, a guest cart that lapsed) shows in the header from the next visit to it.
/// A visitor with a count is never served the shared cached page, which shows none (AnonymousPagePolicy).
/// </summary>
public static class CartCount
{
    public const string CookieName = "ShopWeb.CartCount";

    /// <summary>A cart holds at most 100 lines of 99: four digits.</summary>
    private const int MaxDigits = 4;

    private const string Written = "CartCount.Written";

    private static readonly Identity.HostPrefixCookieManager Cookies = new();

    /// <summary>
    /// The count to show, or null: no cart, an empty one, a cookie that is no count, or one left by a session that has
    /// ended (a visitor neither signed in nor holding a guest cart has no cart to count).
    /// </summary>
    public static int? Shown(HttpContext context)
    {
        if (context.Items.TryGetValue(Written, out var written))
        {
            return written is int count and > 0 ? count : null; // this very page changed it: what it wrote, not what came in
        }

        if (Cookies.GetRequestCookie(context, CookieName) is not { Length: > 0 and <= MaxDigits } value
            || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var units) || units == 0)
        {
            return null;
        }

        return context.User.Identity?.IsAuthenticated == true || CartOwner.GuestKeyOf(context) is not null ? units : null;
    }

    /// <summary>
    /// Remembers the cart's count for the pages that follow; an empty cart is no cookie. Written even when unchanged,
    /// so it lasts as long as the cart cookie it is read beside (<see cref="CartOwner.Renew"/>).
    /// </summary>
    public static void Write(HttpContext context, int units)
    {
        context.Items[Written] = units;
        if (units <= 0)
        {
            Forget(context);
            return;
        }

        Cookies.AppendResponseCookie(context, CookieName, units.ToString(CultureInfo.InvariantCulture), CartOwner.CartCookieOptions(context));
    }

    public static void Forget(HttpContext context)
    {
        context.Items[Written] = 0;
        if (Cookies.GetRequestCookie(context, CookieName) is not null)
        {
            Cookies.DeleteCookie(context, CookieName, new CookieOptions());
        }
    }

    /// <summary>The cookie's names, plain and prefixed (over HTTPS), as a request carries it.</summary>
    public static readonly string[] CookieNames = [CookieName, Identity.HostPrefixCookieManager.Prefix + CookieName];
}
