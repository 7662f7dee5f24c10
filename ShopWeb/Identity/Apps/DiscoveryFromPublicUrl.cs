using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// The discovery document's endpoint addresses, made from the issuer (<c>Shop:PublicUrl</c>) as the issuer itself is.
/// OpenIddict would make them from the request's own address, so a request with another <c>Host</c> or
/// <c>X-Forwarded-Proto</c> would send an app to sign in, redeem its code and fetch its keys elsewhere.
/// </summary>
internal sealed class DiscoveryFromPublicUrl : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    // Before OpenIddict's own, which fills in only the addresses still unset.
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
        .UseSingletonHandler<DiscoveryFromPublicUrl>()
        .SetOrder(OpenIddictServerHandlers.Discovery.AttachEndpoints.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        var issuer = context.Options.Issuer ?? throw new InvalidOperationException("The issuer is set from Shop:PublicUrl.");
        context.AuthorizationEndpoint = At(issuer, context.Options.AuthorizationEndpointUris);
        context.TokenEndpoint = At(issuer, context.Options.TokenEndpointUris);
        context.RevocationEndpoint = At(issuer, context.Options.RevocationEndpointUris);
        context.JsonWebKeySetEndpoint = At(issuer, context.Options.JsonWebKeySetEndpointUris);
        return ValueTask.CompletedTask;
    }

    private static Uri? At(Uri issuer, IEnumerable<Uri> endpoints) => endpoints.FirstOrDefault() is { } endpoint
        ? endpoint.IsAbsoluteUri ? endpoint : new Uri(issuer, endpoint.OriginalString.TrimStart('/'))
        : null;
}
