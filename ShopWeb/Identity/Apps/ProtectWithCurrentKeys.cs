using OpenIddict.Server;
using ShopWeb.Data;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// A new token is signed and encrypted with the keys whose turn it is now (<see cref="AppKeyRing.Current(string)"/>),
/// not merely the first the options list: the options hold the older keys too, for reading the tokens they protected.
/// </summary>
internal sealed class ProtectWithCurrentKeys(AppKeyRing ring) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
        .UseSingletonHandler<ProtectWithCurrentKeys>()
        .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        var signing = ring.Current(AppKey.SigningUse)?.Key.KeyId;
        var encryption = ring.Current(AppKey.EncryptionUse)?.Key.KeyId;
        if (context.SigningCredentials is { Key: Microsoft.IdentityModel.Tokens.RsaSecurityKey })
        {
            context.SigningCredentials = context.Options.SigningCredentials.FirstOrDefault(c => c.Key.KeyId == signing) ?? context.SigningCredentials;
        }

        if (context.EncryptionCredentials is { Key: Microsoft.IdentityModel.Tokens.RsaSecurityKey })
        {
            context.EncryptionCredentials = context.Options.EncryptionCredentials.FirstOrDefault(c => c.Key.KeyId == encryption) ?? context.EncryptionCredentials;
        }

        return ValueTask.CompletedTask;
    }
}
