using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using ShopWeb.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// The two steps OpenIddict leaves to the shop (after it has checked the client, the redirect address, the scopes and
/// PKCE): who the shopper is at the authorization endpoint, and whether they may still sign in at the token endpoint.
/// </summary>
internal static class AppSignInEndpoints
{
    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    /// <summary>
    /// Not signed in with the shop's cookie: the shop's own sign-in page, which comes back here when done (password,
    /// two-factor, passkey, as in the browser). Signed in: a new app sign-in of this shopper, and the code for it.
    /// First-party apps only, so there is no consent screen.
    /// </summary>
    public static async Task<IResult> AuthorizeAsync(
        HttpContext context, UserManager<ApplicationUser> users, IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations,
        ShopDbContext db, TimeProvider clock)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passes only its own requests through.");
        var cookie = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = cookie.Succeeded ? await users.GetUserAsync(cookie.Principal) : null;
        var signedInAt = user is null ? null : await SignedInAtAsync(db, cookie);

        // max_age (OpenID Connect Core 3.1.2.1): a sign-in older than the app allows is proved again, as prompt=login is.
        var tooOld = request.MaxAge is { } maxAge
            && (!long.TryParse(signedInAt, out var at) || clock.GetUtcNow().ToUnixTimeSeconds() - at > maxAge);
        if (user is null || request.HasPromptValue(PromptValues.Login) || tooOld)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, user is null ? "The shopper is not signed in." : "The shopper's sign-in is older than max_age.");
            }

            // Back to this very request, less prompt=login and max_age, which the new sign-in has just met and which would
            // otherwise send the shopper round again (max_age=0 would, for ever).
            var query = context.Request.Query.Where(p => p.Key is not (Parameters.Prompt or Parameters.MaxAge)).ToList();
            var prompts = request.GetPromptValues().Remove(PromptValues.Login);
            if (!prompts.IsEmpty)
            {
                query.Add(new(Parameters.Prompt, string.Join(' ', prompts)));
            }

            return Results.Challenge(
                new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + QueryString.Create(query) },
                [IdentityConstants.ApplicationScheme]);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!)
            ?? throw new InvalidOperationException("OpenIddict has checked the client exists.");
        var identity = Identity(user.Id, request.GetScopes(), signedInAt);

        // One sign-in per authorization: each phone or tablet the app signs in on is a device of its own.
        var authorization = await authorizations.CreateAsync(
            new ClaimsPrincipal(identity), user.Id, (await applications.GetIdAsync(application))!, AuthorizationTypes.AdHoc, identity.GetScopes());
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization));
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Scheme);
    }

    /// <summary>
    /// Codes and refresh tokens are checked by OpenIddict (PKCE, rotation, a reused refresh token); this checks the
    /// account behind them is still there and may sign in. A lockout after wrong passwords does not count, as it does
    /// not sign browsers out either: strangers could otherwise sign a shopper's apps out by mistyping on purpose. An
    /// admin's lock ends the app sign-ins outright, with the sessions. Like a browser's session, a chain of refreshes
    /// lasts at most <see cref="AccountOptions.SessionMaxDays"/> from the shopper's sign-in.
    /// </summary>
    public static async Task<IResult> ExchangeAsync(
        HttpContext context, UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, IOptions<AccountOptions> account, TimeProvider clock)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passes only its own requests through.");
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
        {
            return Refuse(Errors.UnsupportedGrantType, "The shop issues tokens for an authorization code or a refresh token only.");
        }

        var granted = (await context.AuthenticateAsync(Scheme)).Principal;
        var user = granted?.GetClaim(Claims.Subject) is { } id ? await users.FindByIdAsync(id) : null;
        if (granted is null || user is null || !await signIn.CanSignInAsync(user))
        {
            return Refuse(Errors.InvalidGrant, "The shopper can no longer sign in.");
        }

        if (!long.TryParse(granted.GetClaim(Claims.AuthenticationTime), out var signedIn)
            || DateTimeOffset.FromUnixTimeSeconds(signedIn) + account.Value.SessionMaxAge <= clock.GetUtcNow())
        {
            return Refuse(Errors.InvalidGrant, "The sign-in has reached its end; the shopper signs in again.");
        }

        // When the shopper typed their password stays what it was: a refresh is no new sign-in.
        var identity = Identity(user.Id, granted.GetScopes(), granted.GetClaim(Claims.AuthenticationTime));
        identity.SetAuthorizationId(granted.GetAuthorizationId());
        try
        {
            await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
            return Results.Empty;
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            // The sign-in was ended while its new tokens were being written: the same token presented at the same
            // moment by another request (SpendTokenOnce), or the shopper signing the app out.
            return Refuse(Errors.InvalidGrant, "The sign-in ended while the tokens were being made: the app signs the shopper in again.");
        }
    }

    /// <summary>
    /// When the browser's sign-in was last proved (auth_time, in Unix seconds), as the security pages judge it
    /// (<see cref="RecentSignIn"/>); for a sign-in from before that was recorded, the start of its session, which the
    /// cookie's sliding renewals leave alone, unlike the cookie's own issue time.
    /// </summary>
    private static async Task<string?> SignedInAtAsync(ShopDbContext db, AuthenticateResult cookie)
    {
        var sessionId = ServerSessions.CurrentSessionId(cookie.Principal!);
        var started = RecentSignIn.SignedInAt(cookie.Properties)
            ?? (sessionId is null ? null : await db.UserSessions.Where(s => s.Id == sessionId).Select(s => (DateTimeOffset?)s.CreatedAt).FirstOrDefaultAsync());
        return (started ?? cookie.Properties?.IssuedUtc)?.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The tokens say who the shopper is and when they signed in, nothing more: the API reads everything else from
    /// the store. The sign-in time lets the API ask for a recent one before it deletes the account.
    /// </summary>
    private static ClaimsIdentity Identity(string userId, System.Collections.Immutable.ImmutableArray<string> scopes, string? authTime)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, userId);
        if (authTime is not null)
        {
            identity.AddClaim(new Claim(Claims.AuthenticationTime, authTime, ClaimValueTypes.Integer64));
        }

        identity.SetScopes(scopes);

        // The ID token says when the shopper signed in too (auth_time), which an app that asked for max_age checks.
        identity.SetDestinations(claim => claim.Type == Claims.AuthenticationTime ? [Destinations.AccessToken, Destinations.IdentityToken] : [Destinations.AccessToken]);
        return identity;
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [Scheme]);
}
