using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ShopWeb.Data;

namespace ShopWeb.Identity;

/// <summary>
/// Identity's emailed-link tokens (confirm, reset, change email), whose one-day lifetime is also checked against
/// the shop's <see cref="TimeProvider"/>: Identity reads the system clock, which no test can move a day on.
/// </summary>
public sealed class ClockedTokenProvider(
    IDataProtectionProvider dataProtection,
    IOptions<DataProtectionTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger,
    TimeProvider clock)
    : DataProtectorTokenProvider<ApplicationUser>(dataProtection, options, logger)
{
    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        if (!await base.ValidateAsync(purpose, token, manager, user))
        {
            return false;
        }

        try
        {
            // The token starts with its creation time in UTC ticks, as DataProtectorTokenProvider writes it.
            var created = new DateTimeOffset(BitConverter.ToInt64(Protector.Unprotect(Convert.FromBase64String(token)), 0), TimeSpan.Zero);
            return created + Options.TokenLifespan >= clock.GetUtcNow();
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }
}
