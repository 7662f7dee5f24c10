using System.Globalization;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;

namespace ShopWeb.Catalog;

/// <summary>Shows amounts kept in minor units of the currency's exponent, such as €12.90 for 1290 or ¥1,200 for 1200.</summary>
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
}
