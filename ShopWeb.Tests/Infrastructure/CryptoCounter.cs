using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// Counts the data-protection encryptions and decryptions of the sign-in cookie and of antiforgery (the cryptography a
/// signed-in page view may cost), by wrapping the shop's <see cref="IDataProtectionProvider"/>. <see cref="Add"/> it to
/// a <see cref="ShopFactory"/>'s test services.
/// </summary>
public sealed class CryptoCounter
{
    private static readonly string[] CountedPurposes = ["Microsoft.AspNetCore.Authentication.Cookies", "Microsoft.AspNetCore.Antiforgery"];
    private int count;

    public int Count => Volatile.Read(ref count);

    public void Add(IServiceCollection services)
    {
        var shop = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
        services.AddSingleton<IDataProtectionProvider>(provider => new Counting((IDataProtectionProvider)(shop.ImplementationInstance
            ?? shop.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, shop.ImplementationType!)), this, counted: false));
    }

    private sealed class Counting(IDataProtectionProvider inner, CryptoCounter counter, bool counted) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) =>
            new Counting(inner.CreateProtector(purpose), counter, counted || CountedPurposes.Any(p => purpose.StartsWith(p, StringComparison.Ordinal)));

        public byte[] Protect(byte[] plaintext) => Counted(((IDataProtector)inner).Protect(plaintext));

        public byte[] Unprotect(byte[] protectedData) => Counted(((IDataProtector)inner).Unprotect(protectedData));

        private byte[] Counted(byte[] result)
        {
            if (counted)
            {
                Interlocked.Increment(ref counter.count);
            }

            return result;
        }
    }
}
