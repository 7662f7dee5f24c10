using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ShopWeb.Data;

namespace ShopWeb.Identity;

internal static class IdentityRegistration
{
    public static WebApplicationBuilder AddShopIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .Validate(o => o.SessionMaxDays is > 0 and <= 3650, "Identity:SessionMaxDays must be a number of days from 1 to 3650.")
            // Out of range, the log would forget every entry as it is written (a cutoff in the future), or no date could be worked out.
            .Validate(o => o.ActivityRetentionDays is > 0 and <= 3650, "Identity:ActivityRetentionDays must be a number of days from 1 to 3650.")
            // The relying party's id is a bare domain; a URL there would make every passkey sign-in fail.
            .Validate(o => string.IsNullOrEmpty(o.PasskeyServerDomain) || Uri.CheckHostName(o.PasskeyServerDomain) == UriHostNameType.Dns,
                "Identity:PasskeyServerDomain must be the shop's domain alone, such as shop.example (no scheme, port or path).")
            .ValidateOnStart();
        services.AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;

                // Schema version 3 brings the passkeys table.
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;

                // ASVS 5: length is what counts; no composition rules.
                options.Password.RequiredLength = PasswordPolicy.MinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;

                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<ShopDbContext>()
            .AddUserManager<ShopUserManager>()
            .AddSignInManager<ShopSignInManager>()
            .AddPasswordValidator<PasswordPolicy>()
            .AddErrorDescriber<ShopIdentityErrors>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ClockedTokenProvider>(TokenOptions.DefaultProvider)
            .AddTokenProvider<OneTimeAuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider);

        // After Identity's own: the second factors' secrets are kept hashed or encrypted.
        services.AddScoped<IUserStore<ApplicationUser>, ShopUserStore>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((identity, account) =>
            identity.SignIn.RequireConfirmedEmail = account.Value.RequireConfirmedEmail);

        // The relying party is the configured domain or, by default, the host the shopper uses (localhost in tests).
        services.AddOptions<IdentityPasskeyOptions>().Configure<IOptions<AccountOptions>>((passkeys, account) =>
            passkeys.ServerDomain = account.Value.PasskeyServerDomain);

        // ASVS 5 asks for 210,000 iterations of PBKDF2-HMAC-SHA512; older hashes are redone at the next sign-in.
        services.Configure<PasswordHasherOptions>(options => options.IterationCount = 210_000);
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromDays(1));

        services.AddMemoryCache();
        services.AddSingleton<ServerSessions>();
        services.AddScoped<HashingDecoy>();
        services.AddSingleton<UnknownAccountLockout>();
        services.AddScoped<ActivityLog>();
        services.AddScoped<SignInFollowUp>();
        services.AddHttpContextAccessor();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "ShopWeb.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.CookieManager = new HostPrefixCookieManager();
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = true;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";

            // The handler builds these redirects from the request's Host header; a relative Location cannot be aimed elsewhere.
            options.Events.OnRedirectToLogin = RedirectWithinSite;
            options.Events.OnRedirectToAccessDenied = RedirectWithinSite;
        });
        // The security stamp check builds the principal anew every half hour; it stays in its session.
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst(ServerSessions.SessionIdClaim) is { } session && context.NewPrincipal?.Identities.FirstOrDefault() is { } identity)
            {
                identity.AddClaim(new System.Security.Claims.Claim(ServerSessions.SessionIdClaim, session.Value));
            }

            return Task.CompletedTask;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<ServerSessions>((options, sessions) => options.SessionStore = sessions);
        services.AddRecentSignIn();
        services.AddSecurityStampSchedule();
        services.AddCachedTicketFormat();
        services.AddSingleton<ResetCleanupTokens>();
        foreach (var scheme in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, options =>
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.CookieManager = new HostPrefixCookieManager();
            });
        }

        services.AddAccountRateLimits();
        services.AddScoped<Email.AccountEmails>();
        return builder;
    }

    private static Task RedirectWithinSite(RedirectContext<CookieAuthenticationOptions> context)
    {
        var target = new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute);
        context.Response.Redirect(target.IsAbsoluteUri ? target.PathAndQuery : context.RedirectUri);
        return Task.CompletedTask;
    }
}
