using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Infrastructure.Telemetry;

namespace ShopWeb.Identity;

/// <summary>
/// Identity's sign-in manager, with one rule for every way of signing in (password, authenticator code, recovery code,
/// passkey, registration; the app sign-in's browser step uses the same pages): the session the browser came with ends,
/// and the sign-in gets a session of its own. The cookie handler would otherwise renew the incoming session in place
/// (same id) with the new ticket, so a copy of the old cookie would become the new shopper.
/// </summary>
public sealed class ShopSignInManager(
    UserManager<ApplicationUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    ShopMetrics metrics)
    : SignInManager<ApplicationUser>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private bool refreshing;

    private bool persistingRecovery;

    /// <remarks>
    /// Identity checks the lockout on the account as it was read, before the password's hash: guesses sent all at once
    /// each pass that check, and a right one among them would sign in an account the wrong ones locked meanwhile. So a
    /// right password is followed by a look at the store's lockout as it is now.
    /// </remarks>
    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        return result.Succeeded && lockoutOnFailure && await ((ShopUserManager)UserManager).IsLockedOutNowAsync(user)
            ? SignInResult.LockedOut
            : result;
    }

    // Every way of signing in with a secret comes through one of these four, the app sign-in's browser step included
    // (it uses the same pages): so they count the sign-ins, whatever page or endpoint asked.
    /// <remarks>
    /// Identity answers "not allowed" for an address not confirmed yet before it looks at the lockout: here a locked
    /// account is locked whatever its address, as an unknown address is after as many wrong passwords.
    /// </remarks>
    public override async Task<SignInResult> PasswordSignInAsync(ApplicationUser user, string password, bool isPersistent, bool lockoutOnFailure) =>
        Count(await IsLockedOut(user) ? SignInResult.LockedOut : await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure));

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient) =>
        Count(await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient));

    public override Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode) =>
        TwoFactorRecoveryCodeSignInAsync(recoveryCode, isPersistent: false);

    /// <summary>
    /// Identity's recovery-code sign-in neither checks nor counts toward the lockout, and always makes a
    /// browser-session cookie. Here, as with an authenticator code, a locked account is refused and a wrong code counts
    /// toward its lockout; and "Remember me" of the password step is kept.
    /// </summary>
    public async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode, bool isPersistent)
    {
        if (await GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            return Count(SignInResult.Failed);
        }

        if (await IsLockedOut(user))
        {
            return Count(SignInResult.LockedOut);
        }

        persistingRecovery = isPersistent;
        SignInResult result;
        try
        {
            result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        }
        finally
        {
            persistingRecovery = false;
        }

        if (!result.Succeeded && (await UserManager.AccessFailedAsync(user)).Succeeded && await IsLockedOut(user))
        {
            result = SignInResult.LockedOut;
        }

        return Count(result);
    }

    public override async Task<SignInResult> PasskeySignInAsync(string credentialJson) =>
        Count(await base.PasskeySignInAsync(credentialJson));

    /// <summary>A password that asks for a second factor is not a sign-in yet: the second factor's result counts.</summary>
    private SignInResult Count(SignInResult result)
    {
        var counter = result switch
        {
            { Succeeded: true } => metrics.SignInsSucceeded,
            { IsLockedOut: true } => metrics.SignInsLockedOut,
            { RequiresTwoFactor: true } => null,
            _ => metrics.SignInsFailed,
        };
        counter?.Add(1);
        return result;
    }

    /// <summary>Every way out (the menu's button, deleting the account) also forgets the header's cart count.</summary>
    public override async Task SignOutAsync()
    {
        await base.SignOutAsync();
        Ordering.CartCount.Forget(Context);
    }

    /// <summary>A refresh (new claims after a change of the account) is the same sign-in: it keeps its session.</summary>
    public override async Task RefreshSignInAsync(ApplicationUser user)
    {
        refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            refreshing = false;
        }
    }

    public override async Task SignInWithClaimsAsync(ApplicationUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        if (refreshing || AuthenticationScheme != IdentityConstants.ApplicationScheme)
        {
            await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
            return;
        }

        var principal = await CreateUserPrincipalAsync(user);
        principal.Identities.First().AddClaims(additionalClaims);
        var properties = authenticationProperties ?? new AuthenticationProperties();
        properties.IsPersistent |= persistingRecovery;
        var cookie = Context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(AuthenticationScheme);
        if (string.IsNullOrEmpty(cookie.CookieManager.GetRequestCookie(Context, cookie.Cookie.Name!)))
        {
            await Context.SignInAsync(AuthenticationScheme, principal, properties);
        }
        else
        {
            // Signing out through the handler that read the request's cookie deletes its session and stops that
            // handler from renewing it when the response starts. That handler still holds the old session id, though,
            // and would only renew it: the new sign-in goes through a handler of its own, which finds the old session
            // gone and stores a new one.
            await Context.SignOutAsync(AuthenticationScheme);
            var scheme = await Context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(AuthenticationScheme)
                ?? throw new InvalidOperationException("Identity registers its application scheme.");
            var handler = (IAuthenticationSignInHandler)(Context.RequestServices.GetService(scheme.HandlerType)
                ?? ActivatorUtilities.CreateInstance(Context.RequestServices, scheme.HandlerType));
            await handler.InitializeAsync(scheme, Context);
            await handler.SignInAsync(principal, properties);
        }

        // The rest of this request (its follow-up) is the account that signed in.
        Context.User = principal;
    }
}
