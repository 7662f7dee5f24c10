using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.WebUtilities;
using ShopWeb.Data;

namespace ShopWeb.Identity;

/// <summary>
/// Identity's EF store, keeping the second factors' secrets out of the store in the clear: recovery codes as SHA-256
/// hashes (they are random enough that no slow hash is needed; the user id salts them), the authenticator key
/// encrypted with Data Protection. Values written before stay usable: a plain recovery code works once and the
/// list is hashed as it is saved again; a plain key is read as it is until the key is next set.
/// </summary>
public sealed class ShopUserStore(ShopDbContext context, IDataProtectionProvider dataProtection, ILogger<ShopUserStore> logger, IdentityErrorDescriber? describer = null)
    : UserStore<ApplicationUser, IdentityRole, ShopDbContext, string>(context, describer)
{
    /// <summary>Where Identity's own store keeps both, in AspNetUserTokens.</summary>
    public const string InternalLoginProvider = "[AspNetUserStore]";
    public const string RecoveryCodesName = "RecoveryCodes";
    public const string AuthenticatorKeyName = "AuthenticatorKey";

    private const string HashedMark = "#";
    private const string ProtectedMark = "dp:";

    private readonly IDataProtector keys = dataProtection.CreateProtector("ShopWeb.Identity.AuthenticatorKey");

    public override Task ReplaceCodesAsync(ApplicationUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, InternalLoginProvider, RecoveryCodesName, string.Join(";", recoveryCodes.Select(c => Hash(user, c))), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(ApplicationUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stored = (await GetTokenAsync(user, InternalLoginProvider, RecoveryCodesName, cancellationToken) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        var hashed = Hash(user, code);
        var index = stored.FindIndex(c => Same(c, c.StartsWith(HashedMark, StringComparison.Ordinal) ? hashed : code));
        if (index < 0)
        {
            return false;
        }

        stored.RemoveAt(index);
        await SetTokenAsync(user, InternalLoginProvider, RecoveryCodesName, string.Join(";", stored.Select(c => Hash(user, c))), cancellationToken);
        return true;
    }

    public override async Task SetAuthenticatorKeyAsync(ApplicationUser user, string key, CancellationToken cancellationToken)
    {
        await SetTokenAsync(user, InternalLoginProvider, AuthenticatorKeyName, ProtectedMark + keys.Protect(key), cancellationToken);

        // The steps used belong to the old key: the new app's first code must not wait for the next half-minute.
        await RemoveTokenAsync(user, OneTimeAuthenticatorCodes.LoginProvider, OneTimeAuthenticatorCodes.LastStepName, cancellationToken);
    }

    public override async Task<string?> GetAuthenticatorKeyAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, InternalLoginProvider, AuthenticatorKeyName, cancellationToken);
        if (stored is null || !stored.StartsWith(ProtectedMark, StringComparison.Ordinal))
        {
            return stored;
        }

        try
        {
            return keys.Unprotect(stored[ProtectedMark.Length..]);
        }
        catch (CryptographicException ex)
        {
            // The data-protection keys were lost: the shopper signs in with a recovery code and sets the app up again.
            logger.LogWarning(ex, "The authenticator key of user {UserId} cannot be decrypted", user.Id);
            return null;
        }
    }

    /// <summary>A code's hash, or an entry that is one already as it is.</summary>
    private static string Hash(ApplicationUser user, string code) => code.StartsWith(HashedMark, StringComparison.Ordinal)
        ? code
        : HashedMark + WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(user.Id + ":" + code)));

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
