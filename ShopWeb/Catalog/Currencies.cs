namespace ShopWeb.Catalog;

/// <summary>
/// ISO 4217 minor units: an amount kept as 1200 is ¥1,200 (JPY has none), €12.00 (two) or 1.200 KWD (three). Every
/// amount the shop keeps is in minor units of its currency's exponent, so formatting and providers read it from here.
/// </summary>
public static class Currencies
{
    private static readonly HashSet<string> NoMinorUnit =
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"];

    private static readonly HashSet<string> ThreeDigits = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    /// <summary>The number of digits after the decimal point (0 for JPY, 3 for KWD, else 2).</summary>
    public static int Exponent(string currency)
    {
        var code = currency.ToUpperInvariant();
        return NoMinorUnit.Contains(code) ? 0 : ThreeDigits.Contains(code) ? 3 : 2;
    }

    /// <summary>An amount in minor units as a decimal in major units: 1290 EUR is 12.90, 1200 JPY is 1200.</summary>
    public static decimal ToMajor(long minor, string currency) => minor / Pow10(Exponent(currency));

    private static decimal Pow10(int exponent) => exponent switch { 0 => 1m, 3 => 1000m, _ => 100m };
}
