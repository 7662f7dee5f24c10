using System.Globalization;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;

namespace ShopWeb.Catalog;

/// <summary>
/// Shows amounts kept in minor units of the currency's exponent, such as €12.90 for 1290 or ¥1,200 for 1200, and reads
/// them back from the shop's decimal notation ("12.90"; ¥ has none: "1200") for every form and file that takes a price:
/// never multiplied by a guessed 100, never rounded.
/// </summary>
public sealed class Prices(IOptions<ShopOptions> shop)
{
    public string Currency => shop.Value.Currency;

    public string Format(long minor) => Format(minor, Currency);

    public static string Format(long minor, string currency)
    {
        var symbol = currency switch
        {
            "EUR" => "€",
            "USD" => "$",
            "GBP" => "£",
            "JPY" => "¥",
            _ => currency + " ",
        };
        var exponent = Currencies.Exponent(currency);
        var amount = Currencies.ToMajor(Math.Abs(minor), currency).ToString("N" + exponent, CultureInfo.InvariantCulture);
        return (minor < 0 ? "-" : "") + symbol + amount;
    }

    /// <summary>The amount in the shop's decimal notation, as forms and the catalog CSV show it: "12.90", "1200".</summary>
    public string ToText(long minor) => ToText(minor, Currency);

    public static string ToText(long minor, string currency) =>
        Currencies.ToMajor(minor, currency).ToString("F" + Currencies.Exponent(currency), CultureInfo.InvariantCulture);

    /// <summary>Reads a price typed in the shop's decimal notation ("12.9", "12.90"; a comma is taken as the decimal point).</summary>
    /// <returns>Null, with the amount in minor units, or the reason it is not a price, in words for the field or CSV line.</returns>
    public string? Read(string? text, out long minor) => Read(text, Currency, out minor);

    /// <summary>An amount to show in a message of what to type: "12.90", "1290" in yen, "12.900" in dinars.</summary>
    public static string Example(string currency) =>
        ToText(1290 * (long)Math.Pow(10, Math.Max(0, Currencies.Exponent(currency) - 2)), currency);

    public static string? Read(string? text, string currency, out long minor)
    {
        minor = 0;
        var exponent = Currencies.Exponent(currency);
        var example = Example(currency);
        var trimmed = text?.Trim() ?? "";
        if (ThousandsSeparated(trimmed, exponent))
        {
            return $"Enter the price without a thousands separator, such as {example}.";
        }

        trimmed = trimmed.Replace(',', '.');
        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major))
        {
            return $"Enter a price such as {example}.";
        }

        if (major > 1_000_000_000_000m)
        {
            return "Enter a smaller price."; // before scaling it, which a number near decimal's limit would overflow
        }

        var scaled = major * (decimal)Math.Pow(10, exponent);
        if (scaled != decimal.Truncate(scaled))
        {
            return exponent == 0 ? $"{currency} has no decimals: enter a whole amount such as {example}." : $"Use at most {exponent} decimals, such as {example}.";
        }

        if (scaled > 1_000_000_000_000m)
        {
            return "Enter a smaller price.";
        }

        minor = (long)scaled;
        return null;
    }

    /// <summary>
    /// "1,200" or "1.200,50": a comma is read as the decimal point ("12,90"), so a comma or point that groups thousands
    /// would make €1,200 into €1.20. Both marks in one amount, or a comma between 1–3 digits (no leading zero: "0,500" is
    /// a half) and three, where the currency has fewer decimals, are refused instead of guessed.
    /// </summary>
    private static bool ThousandsSeparated(string text, int exponent)
    {
        var comma = text.IndexOf(',');
        if (comma < 0)
        {
            return false;
        }

        var (whole, fraction) = (text[..comma], text[(comma + 1)..]);
        return text.Contains('.') || text.Count(c => c == ',') > 1
            || (exponent != 3 && fraction.Length == 3 && fraction.All(char.IsAsciiDigit)
                && whole.Length is >= 1 and <= 3 && whole[0] != '0' && whole.All(char.IsAsciiDigit));
    }
}
