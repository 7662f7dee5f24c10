using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// An app signs out by revoking its refresh token (RFC 7009). OpenIddict revokes only the token sent; this ends the
/// whole sign-in it belongs to, its access token too, so the device is gone from the shopper's list as well.
/// </summary>
internal sealed class RevokeWholeSignIn(AppSignIns signIns) : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
        .UseScopedHandler<RevokeWholeSignIn>()
        .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        if (context.GenericTokenPrincipal?.GetAuthorizationId() is { } authorizationId
            && context.GenericTokenPrincipal.GetClaim(OpenIddictConstants.Claims.Subject) is { } userId)
        {
            await signIns.EndAsync(userId, authorizationId, context.CancellationToken);
        }
    }
}
