using ShopWeb.Catalog;

namespace ShopWeb.Payments.Stripe;

/// <summary>
/// Stripe takes amounts in minor units, but its exponent is not always ISO 4217's (docs.stripe.com/currencies):
/// ISK is two-decimal at Stripe (whole krónur, ×100) though ISO gives it none, and MGA is zero-decimal at Stripe though
/// ISO gives it two. Everywhere else (JPY 0, EUR 2, KWD 3) the shop's minor units are Stripe's.
/// </summary>
internal static class StripeAmounts
{
    private static readonly Dictionary<string, int> StripeExponents = new(StringComparer.OrdinalIgnoreCase) { ["ISK"] = 2, ["MGA"] = 0 };

    /// <summary>Whether every amount the shop can price in <paramref name="currency"/> is one Stripe can take.</summary>
    public static bool TakesEveryAmount(string currency) => Exponent(currency) >= Currencies.Exponent(currency);

    public static long ToStripe(long minor, string currency) => Shift(minor, Exponent(currency) - Currencies.Exponent(currency), currency);

    public static long FromStripe(long amount, string currency) => Shift(amount, Currencies.Exponent(currency) - Exponent(currency), currency);

    private static int Exponent(string currency) => StripeExponents.TryGetValue(currency, out var exponent) ? exponent : Currencies.Exponent(currency);

    private static long Shift(long amount, int digits, string currency)
    {
        for (; digits > 0; digits--)
        {
            amount = checked(amount * 10);
        }

        for (; digits < 0; digits++)
        {
            if (amount % 10 != 0)
            {
                throw new InvalidOperationException($"{amount} (minor units of {currency}) has no exact amount in Stripe's units.");
            }

            amount /= 10;
        }

        return amount;
    }
}
