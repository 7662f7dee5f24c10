using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using ShopWeb.Data;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// Gives the sign-in server its signing and encryption keys: every key of the <see cref="AppKeyRing"/> that is not
/// retired, the current one first, so a token signed or encrypted with an older key is still read until that key
/// retires. Which key protects a new token is chosen when it is made (<see cref="ProtectWithCurrentKeys"/>).
/// </summary>
internal sealed class AppKeys(AppKeyRing ring, TimeProvider clock) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        if (ring.Keys is not { } keys)
        {
            // Built before the ring's first read is done (the first page of any kind builds them): stand-ins until it is.
            var (signing, encrypting) = AppKeyRing.StandIns();
            options.SigningCredentials.Add(signing);
            options.EncryptionCredentials.Add(encrypting);
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var key in InTurn(keys, AppKey.SigningUse, now))
        {
            options.SigningCredentials.Add(new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256));
        }

        foreach (var key in InTurn(keys, AppKey.EncryptionUse, now))
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(key.Key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }

    private static IEnumerable<AppKeyVersion> InTurn(IReadOnlyList<AppKeyVersion> keys, string use, DateTimeOffset now)
    {
        var current = AppKeyRing.Current(keys, use, now);
        return keys.Where(k => k.Use == use).OrderByDescending(k => k == current).ThenByDescending(k => k.CreatedAt);
    }
}
