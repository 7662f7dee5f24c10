using Microsoft.Extensions.Options;
using OpenIddict.Server;
using ShopWeb.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// Sign-in for apps: an OAuth 2.0 authorization server (OpenIddict) inside the shop. Apps send the shopper to the
/// authorization endpoint, which signs them in through the shop's own pages, and get a code they exchange, with their
/// PKCE verifier, for tokens. The API accepts those tokens, and nothing else (<see cref="ApiAuthorization"/>).
/// </summary>
internal static class AppsRegistration
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string RevokePath = "/connect/revoke";

    /// <summary>At most this long: a stolen access token is of use no longer, and each refresh checks the account again.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);

    public static WebApplicationBuilder AddShopApps(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AppClientOptions>().BindConfiguration(AppClientOptions.Section);
        services.AddSingleton<IValidateOptions<AppClientOptions>, AppClientOptionsValidator>();
        services.AddSingleton<AppKeyRing>();
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>>(provider => provider.GetRequiredService<AppKeyRing>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddict.Validation.OpenIddictValidationOptions>>(provider => provider.GetRequiredService<AppKeyRing>());
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, AppKeys>();
        services.AddSingleton<AppClientSync>();
        services.AddHostedService(provider => provider.GetRequiredService<AppClientSync>());
        services.AddHostedService(provider => provider.GetRequiredService<AppKeyRing>());
        services.AddHostedService<AppSignInPruning>();
        services.AddScoped<AppSignIns>();

        services.AddOpenIddict()
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<ShopDbContext>();

                // A sign-in ended from /account/security/devices is changed in the store directly (and maybe on another
                // instance), so no copy of it may linger in this process's memory.
                options.DisableEntityCaching();
            })
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris(TokenPath.TrimStart('/'))
                    .SetRevocationEndpointUris(RevokePath.TrimStart('/'));

                // The authorization code with PKCE, and refresh tokens; no password or client-credentials grant.
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowRefreshTokenFlow();
                options.RegisterScopes(Scopes.OpenId, Scopes.OfflineAccess);

                options.SetAccessTokenLifetime(AccessTokenLifetime);

                // Refresh tokens rotate (OpenIddict's default) and a used one is good not even a moment longer: one
                // presented again was copied, and OpenIddict then revokes the whole sign-in, every token with it.
                options.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                options.UseReferenceRefreshTokens();

                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    // An error the browser cannot be sent back to the app with is the shop's own error page.
                    .EnableStatusCodePagesIntegration();

                options.AddEventHandler(RevokeWholeSignIn.Descriptor);
                options.AddEventHandler(EndReusedSignIn.Descriptor);
                options.AddEventHandler(SpendTokenOnce.Descriptor);
                options.AddEventHandler(ProtectWithCurrentKeys.Descriptor);
                options.AddEventHandler(DiscoveryFromPublicUrl.Descriptor);
                options.AddEventHandler(RefuseRepeatedParameters.AuthorizationDescriptor);
                options.AddEventHandler(RefuseRepeatedParameters.TokenDescriptor);
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();

                // The Authorization header only: a token in an address ends up in logs, histories and Referer headers,
                // and one in a form body would be read by the token scheme alone, past the per-app rate limit.
                options.UseAspNetCore()
                    .DisableAccessTokenExtractionFromQueryString()
                    .DisableAccessTokenExtractionFromBodyForm();

                // Each request looks its token and its sign-in up in the store: signed out is refused at once.
                options.EnableTokenEntryValidation();
                options.EnableAuthorizationEntryValidation();
            });

        // S256 only: "plain" sends the verifier itself through the browser, which is what PKCE is there to avoid.
        services.Configure<OpenIddictServerOptions>(options =>
        {
            options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);

            // form_post answers with a page that submits itself by an inline script, which the shop's CSP (script-src
            // 'self', form-action 'self') stops: refused at the request and not offered, rather than a page that hangs.
            options.ResponseModes.Remove(ResponseModes.FormPost);

            // Every app is a public client (PKCE, no secret): discovery says so instead of offering secrets no app has.
            options.ClientAuthenticationMethods.Clear();
            options.ClientAuthenticationMethods.Add(ClientAuthenticationMethods.None);
        });

        // The issuer is the shop's public address, never the request's Host header; plain HTTP only where the shop is on it.
        services.AddOptions<OpenIddictServerOptions>().Configure<Infrastructure.PublicLinks>((options, links) => options.Issuer = links.BaseUrl);
        services.AddOptions<OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreOptions>().Configure<Infrastructure.PublicLinks>((options, links) =>
            options.DisableTransportSecurityRequirement = links.BaseUrl.Scheme == Uri.UriSchemeHttp);

        services.AddApiAuthorization();
        return builder;
    }

    public static IEndpointRouteBuilder MapShopApps(this IEndpointRouteBuilder app)
    {
        app.MapGet(AuthorizePath, AppSignInEndpoints.AuthorizeAsync).ExcludeFromDescription();
        app.MapPost(TokenPath, AppSignInEndpoints.ExchangeAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }
}
