using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using ShopWeb.Data;

namespace ShopWeb.Identity;

/// <summary>
/// When the shopper last proved who they are (a sign-in, or the password or a passkey again on
/// /account/security/confirm), and whether that is recent enough to change how they sign in. The browser keeps the
/// time in its sign-in's properties, so the cookie's sliding renewals, <see cref="SignInManager{TUser}.RefreshSignInAsync"/>
/// and the security-stamp check carry it over unchanged; the API reads the same time as the token's auth_time.
/// </summary>
public static class RecentSignIn
{
    /// <summary>How recent a sign-in must be to change anything about signing in, or to delete the account through the API.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The page that asks for the password (or a passkey) again.</summary>
    public const string ConfirmPath = "/account/security/confirm";

    private const string SignedInAtItem = "shopweb:signed-in-at";

    // Set by ConfirmedAsync for the sign-in it refreshes: this request proved who the shopper is.
    private static readonly object ProvenHere = new();

    public static bool IsRecent(DateTimeOffset? signedInAt, TimeProvider clock) =>
        signedInAt is { } at && clock.GetUtcNow() - at <= Window;

    /// <summary>When the browser's sign-in was last proved, or null for a sign-in from before this was recorded.</summary>
    public static DateTimeOffset? SignedInAt(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(SignedInAtItem, out var value) == true
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    public static async Task<bool> IsRecentAsync(HttpContext context)
    {
        var cookie = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return cookie.Succeeded && IsRecent(SignedInAt(cookie.Properties), context.RequestServices.GetRequiredService<TimeProvider>());
    }

    /// <summary>The shopper proved who they are again: the same sign-in, with its time set to now.</summary>
    public static async Task ConfirmedAsync(HttpContext context, SignInManager<ApplicationUser> signIn, ApplicationUser user)
    {
        context.Items[ProvenHere] = true;
        await signIn.RefreshSignInAsync(user);
    }

    /// <summary>
    /// Stamps the time on every new sign-in (a password, two-factor or passkey sign-in starts from fresh properties)
    /// and on a confirmation; a refresh of an existing sign-in keeps the time it carries.
    /// </summary>
    public static void AddRecentSignIn(this IServiceCollection services) =>
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<TimeProvider>((options, clock) =>
        {
            var next = options.Events.OnSigningIn;
            options.Events.OnSigningIn = context =>
            {
                if (context.HttpContext.Items.ContainsKey(ProvenHere) || !context.Properties.Items.ContainsKey(SignedInAtItem))
                {
                    context.Properties.Items[SignedInAtItem] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
                }

                return next(context);
            };
        });
}
