using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Validation.AspNetCore;
using ShopWeb.Api;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// How /api knows the shopper: a bearer token from the app sign-in, and nothing else. An endpoint (or route group)
/// that <c>.RequireAuthorization(ApiAuthorization.Policy)</c> authenticates with the token scheme alone, so the
/// browser's cookie never counts there and the API has no CSRF surface. Refusals are problem details, never the
/// sign-in page.
/// </summary>
public static class ApiAuthorization
{
    public const string Policy = "api";

    public const string Scheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;

    /// <summary>The shopper's user id, from the token's subject (the cookie's principal has none, by design).</summary>
    public static string? UserId(ClaimsPrincipal principal) => principal.FindFirstValue(Claims.Subject);

    internal static IServiceCollection AddApiAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemForApiRefusals>();
        return services;
    }

    /// <summary>The problem a refused API request gets: 401 with the bearer challenge, or 403.</summary>
    public static async Task RefuseAsync(HttpContext context, bool challenge)
    {
        if (challenge)
        {
            await context.ChallengeAsync(Scheme);
        }
        else
        {
            await context.ForbidAsync(Scheme);
        }

        if (context.Response.HasStarted)
        {
            return;
        }

        await (challenge ? NotSignedIn() : Problem(StatusCodes.Status403Forbidden, "This access token does not allow that.")).ExecuteAsync(context);
    }

    /// <summary>
    /// For an operation open to guests and shoppers alike (the checkout): the shopper of the bearer token sent, or null
    /// without one. A token sent that is not valid (expired, signed out, forged) is not taken for a guest: Valid is false.
    /// </summary>
    public static async Task<(bool Valid, string? UserId)> OptionalUserAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0)
        {
            return (true, null);
        }

        var signIn = await context.AuthenticateAsync(Scheme);
        return signIn.Succeeded && UserId(signIn.Principal) is { } id ? (true, id) : (false, null);
    }

    /// <summary>Metadata of an operation that takes a bearer token but goes without one too (<see cref="OptionalUserAsync"/>).</summary>
    public sealed class OptionalSignIn;

    /// <summary>The refusal of <see cref="RefuseAsync"/> as a result: the bearer challenge with its 401 problem.</summary>
    public sealed class NotSignedInChallenge : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => RefuseAsync(httpContext, challenge: true);
    }

    /// <summary>The 401 problem, for an endpoint whose valid token names an account that is gone since.</summary>
    public static ProblemHttpResult NotSignedIn() =>
        Problem(StatusCodes.Status401Unauthorized, "Sign in through the app first: this needs a valid access token.");

    // Written by the API's problem writer, like every problem under /api: its stable type and the traceId.
    private static ProblemHttpResult Problem(int status, string detail) =>
        ApiProblems.Problem(status, ApiProblems.TypeOf(status), ReasonPhrases.GetReasonPhrase(status), detail);

    private sealed class ProblemForApiRefusals : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler framework = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
            authorizeResult.Succeeded || !policy.AuthenticationSchemes.Contains(Scheme)
                ? framework.HandleAsync(next, context, policy, authorizeResult)
                : RefuseAsync(context, challenge: authorizeResult.Challenged);
    }
}
