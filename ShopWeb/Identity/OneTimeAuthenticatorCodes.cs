using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Identity;

/// <summary>
/// Authenticator codes (RFC 6238, as Identity's own provider reads them, on the shop's clock) that work once: the
/// time step of the last code accepted is kept per account, and a code of that step or an earlier one is refused,
/// at sign-in, set-up and wherever else a code is checked. One conditional update claims the step, so the same code
/// sent twice at once is accepted once.
/// </summary>
public sealed class OneTimeAuthenticatorCodes(ShopDbContext db, TimeProvider clock) : AuthenticatorTokenProvider<ApplicationUser>
{
    public const string LoginProvider = "[ShopWeb]";
    public const string LastStepName = "AuthenticatorLastStep";

    /// <summary>Codes up to this many steps (of 30 s) either side of now are accepted, as by Identity's provider.</summary>
    private const int Drift = 2;

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        if (token.Length != 6 || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            || await manager.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key || Base32(key) is not { } secret)
        {
            return false;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        for (var step = now + Drift; step >= now - Drift; step--)
        {
            if (Code(secret, step) == code)
            {
                return await ClaimAsync(user.Id, step);
            }
        }

        return false;
    }

    /// <returns>False when a code of this step or a later one was accepted already.</returns>
    private async Task<bool> ClaimAsync(string userId, long step)
    {
        // Zero-padded, so the text order is the number order.
        var value = step.ToString("D20", CultureInfo.InvariantCulture);
        var claimed = await db.UserTokens
            .Where(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == LastStepName && string.Compare(t.Value, value) < 0)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Value, value));
        if (claimed == 1)
        {
            return true;
        }

        if (await db.UserTokens.AnyAsync(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == LastStepName))
        {
            return false;
        }

        var first = new IdentityUserToken<string> { UserId = userId, LoginProvider = LoginProvider, Name = LastStepName, Value = value };
        db.UserTokens.Add(first);
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
        {
            // Another request claimed this account's first code at the same moment.
            db.Entry(first).State = EntityState.Detached;
            return false;
        }
    }

    private static int Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0F;
        return (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFFFFFF) % 1_000_000;
    }

    private static byte[]? Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
