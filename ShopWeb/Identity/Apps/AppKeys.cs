using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using ShopWeb.Data;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// Gives the sign-in server its signing and encryption keys from the store, making them on the first start. Every
/// instance reads the same keys, so a token issued by one is good at every other and after a restart.
/// </summary>
internal sealed class AppKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock, ILogger<AppKeys> logger)
    : IConfigureOptions<OpenIddictServerOptions>
{
    private const string LockKey = "apps:keys";

    public void Configure(OpenIddictServerOptions options)
    {
        RsaSecurityKey signing, encryption;
        try
        {
            // Options are built once, at the first request that needs them, and configuring them cannot be awaited.
            (signing, encryption) = LoadOrCreateAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is DbException || ex.InnerException is DbException)
        {
            // The shop still starts (and /health/ready says what is wrong), but no app token outlives this process.
            logger.LogError(ex, "The app sign-in keys cannot be read from the store; keys of this process alone are used");
            (signing, encryption) = (NewKey(), NewKey());
        }

        options.SigningCredentials.Add(new SigningCredentials(signing, SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(encryption, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private async Task<(RsaSecurityKey Signing, RsaSecurityKey Encryption)> LoadOrCreateAsync()
    {
        var protector = protection.CreateProtector("ShopWeb.Identity.Apps.AppKeys");
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var stored = await db.AppKeys.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.ProtectedKey);
        string[] uses = [AppKey.SigningUse, AppKey.EncryptionUse];
        if (uses.Any(use => !stored.ContainsKey(use)))
        {
            // Made and encrypted before the transaction: the data-protection key ring may write to the store itself.
            var made = uses.Where(use => !stored.ContainsKey(use)).ToDictionary(use => use, _ => protector.Protect(NewPrivateKey()));
            await using var transaction = await StoreLocks.BeginAsync(db, LockKey);
            var present = await db.AppKeys.Select(k => k.Id).ToListAsync();
            foreach (var (use, key) in made.Where(m => !present.Contains(m.Key)))
            {
                // Another instance starting at the same moment may have stored its own first; that one wins.
                db.AppKeys.Add(new AppKey { Id = use, ProtectedKey = key, CreatedAt = clock.GetUtcNow() });
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            stored = await db.AppKeys.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.ProtectedKey);
        }

        return (ToKey(protector.Unprotect(stored[AppKey.SigningUse])), ToKey(protector.Unprotect(stored[AppKey.EncryptionUse])));
    }

    private static string NewPrivateKey()
    {
        using var rsa = RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());
    }

    private static RsaSecurityKey NewKey() => ToKey(NewPrivateKey());

    private static RsaSecurityKey ToKey(string pkcs8)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(pkcs8), out _);

        // The same key id on every instance, so a client that caches the key set finds the key of any token.
        var id = WebEncoders.Base64UrlEncode(SHA256.HashData(rsa.ExportParameters(false).Modulus!))[..16];
        return new RsaSecurityKey(rsa) { KeyId = id };
    }
}
