using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ShopWeb.Identity;

/// <summary>
/// The token that lets a shopper who has just reset their password, and is not signed in, remove the passkeys and
/// app sign-ins that still work (/account/reset-password/done): the account's id and an end time, protected, good
/// for <see cref="Lifetime"/> by the shop's clock.
/// </summary>
public sealed class ResetCleanupTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly IDataProtector protector = protection.CreateProtector("ShopWeb.PasswordReset.Cleanup");

    public string Issue(string userId) =>
        protector.Protect(userId + "|" + clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>The account the token names, or null for a token forged, mangled or past its time.</summary>
    public string? UserIdOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2048)
        {
            return null;
        }

        string payload;
        try
        {
            payload = protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('|');
        return parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ends)
            && clock.GetUtcNow() < DateTimeOffset.FromUnixTimeSeconds(ends) ? parts[0] : null;
    }
}
