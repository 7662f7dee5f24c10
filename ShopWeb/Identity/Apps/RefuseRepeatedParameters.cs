using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// An authorization or token request that gives a parameter twice is refused (RFC 6749 §3.1, §3.2): OpenIddict would
/// read a repeated <c>scope</c> as none, past the check that refuses a scope the shop does not know.
/// </summary>
internal sealed class RefuseRepeatedParameters : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>, IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor AuthorizationDescriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
        .UseSingletonHandler<RefuseRepeatedParameters>()
        .SetOrder(int.MinValue + 100_000) // first: before the redirect address is trusted, so the shop's own error page says it
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public static OpenIddictServerHandlerDescriptor TokenDescriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
        .UseSingletonHandler<RefuseRepeatedParameters>()
        .SetOrder(int.MinValue + 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        Refuse(context, context.Request);
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        Refuse(context, context.Request);
        return ValueTask.CompletedTask;
    }

    private static void Refuse(OpenIddictServerEvents.BaseValidatingContext context, OpenIddictRequest request)
    {
        if (request.GetParameters().FirstOrDefault(p => p.Value.Count > 1) is { Key: { } name })
        {
            context.Reject(OpenIddictConstants.Errors.InvalidRequest, $"The {name} parameter is given more than once.");
        }
    }
}
