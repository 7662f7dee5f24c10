using System.Globalization;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;

namespace ShopWeb.Catalog;

/// <summary>Shows amounts kept in minor units (cents) in the shop's currency, such as €12.90.</summary>
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
            _ => currency + " ",
        };
        var amount = (Math.Abs(minor) / 100m).ToString("N2", CultureInfo.InvariantCulture);
        return (minor < 0 ? "-" : "") + symbol + amount;
    }
}
