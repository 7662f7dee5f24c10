using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ShopWeb.Identity;

/// <summary>
/// Identity checks a sign-in's security stamp every <see cref="SecurityStampValidatorOptions.ValidationInterval"/>
/// (30 minutes), but resolves its validator for every signed-in request to find that out: a sign-in manager, a user
/// manager, the user store and a store context made and thrown away per page view. The same test of the ticket's
/// issue time is made here first, from singletons, and the validator is only resolved when the check is due; what
/// the check does then is Identity's own.
/// </summary>
internal static class SecurityStampSchedule
{
    public static void AddSecurityStampSchedule(this IServiceCollection services) =>
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SecurityStampValidatorOptions>, TimeProvider>((options, stamps, clock) =>
            {
                var next = options.Events.OnValidatePrincipal;
                options.Events.OnValidatePrincipal = context => IsDue(context.Properties.IssuedUtc, stamps.Value, clock) ? next(context) : Task.CompletedTask;
            });

    // SecurityStampValidator<TUser>.ValidateAsync's own test, on the clock it uses.
    private static bool IsDue(DateTimeOffset? issuedUtc, SecurityStampValidatorOptions options, TimeProvider clock) =>
        issuedUtc is not { } issued || (options.TimeProvider ?? clock).GetUtcNow() - issued > options.ValidationInterval;
}
