using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// A refresh token or a code is spent by one conditional update, before anything is issued for it: of two requests
/// presenting it at the same moment, one wins and the other is a copy, which ends the whole sign-in
/// (<see cref="EndReusedSignIn"/> does the same for one presented after). OpenIddict's own redemption lets concurrent
/// refreshes through on purpose (for a reuse leeway the shop sets to zero), and ended a raced code's sign-in before the
/// winner's tokens were written; the ended sign-in now refuses those at their first use.
/// </summary>
internal sealed class SpendTokenOnce(AppSignIns signIns) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
        .UseScopedHandler<SpendTokenOnce>()
        .SetOrder(OpenIddictServerHandlers.RedeemTokenEntry.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.EndpointType != OpenIddictServerEndpointType.Token
            || context.Transaction.GetProperty<ProcessAuthenticationContext>(typeof(ProcessAuthenticationContext).FullName!) is not { } authentication)
        {
            return;
        }

        var presented = context.Request.IsRefreshTokenGrantType() ? authentication.RefreshTokenPrincipal
            : context.Request.IsAuthorizationCodeGrantType() ? authentication.AuthorizationCodePrincipal
            : null;
        if (presented?.GetTokenId() is not { Length: > 0 } tokenId || await signIns.SpendAsync(tokenId, context.CancellationToken))
        {
            return;
        }

        if (presented.GetAuthorizationId() is { } signInId && presented.GetClaim(Claims.Subject) is { } userId)
        {
            await signIns.EndAsync(userId, signInId, context.CancellationToken);
        }

        context.Reject(Errors.InvalidGrant, context.Request.IsRefreshTokenGrantType()
            ? "The refresh token has already been used: the app signs the shopper in again."
            : "The code has already been used: the app signs the shopper in again.");
    }
}
