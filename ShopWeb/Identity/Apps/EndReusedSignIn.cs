using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// A spent refresh token or code presented again was copied. OpenIddict then refuses it and revokes every token of
/// its sign-in, but leaves the sign-in itself valid; this ends it too, just before, so the whole grant is revoked.
/// The leeway for a spent refresh token is zero (<see cref="AppsRegistration"/>), so any second use counts.
/// </summary>
internal sealed class EndReusedSignIn(IOpenIddictTokenManager tokens, AppSignIns signIns) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .UseScopedHandler<EndReusedSignIn>()
        .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (string.IsNullOrEmpty(context.TokenId) || await tokens.FindByIdAsync(context.TokenId, context.CancellationToken) is not { } token
            || !await tokens.HasStatusAsync(token, Statuses.Redeemed, context.CancellationToken)
            || !await tokens.HasTypeAsync(token, [TokenTypeIdentifiers.RefreshToken, TokenTypeIdentifiers.Private.AuthorizationCode], context.CancellationToken))
        {
            return;
        }

        if (await tokens.GetAuthorizationIdAsync(token, context.CancellationToken) is { } authorizationId
            && await tokens.GetSubjectAsync(token, context.CancellationToken) is { } userId)
        {
            await signIns.EndAsync(userId, authorizationId, context.CancellationToken);
        }
    }
}
