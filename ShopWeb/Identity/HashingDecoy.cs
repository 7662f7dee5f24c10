using Microsoft.AspNetCore.Identity;
using ShopWeb.Data;

namespace ShopWeb.Identity;

/// <summary>
/// Spends the time of one password hash where there is no account to check, so that "unknown email" and
/// "already registered" take as long as the real paths and timing does not tell who has an account.
/// </summary>
public sealed class HashingDecoy(IPasswordHasher<ApplicationUser> hasher)
{
    private static readonly ApplicationUser Nobody = new();
    private static string? decoyHash;

    public void SpendHashTime(string? password)
    {
        decoyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, decoyHash, password ?? "");
    }
}
