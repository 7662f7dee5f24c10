using ShopWeb.Catalog;

namespace ShopWeb.Tests.Catalog;

/// <summary>Amounts are kept in minor units of the currency's ISO 4217 exponent, and shown with it.</summary>
public sealed class PricesTests
{
    [Theory]
    [InlineData(1290, "EUR", "€12.90")]
    [InlineData(-1290, "EUR", "-€12.90")]
    [InlineData(123456, "USD", "$1,234.56")]
    [InlineData(1200, "JPY", "¥1,200")]
    [InlineData(50000, "KRW", "KRW 50,000")]
    [InlineData(12345, "KWD", "KWD 12.345")]
    [InlineData(990, "CHF", "CHF 9.90")]
    public void An_amount_is_shown_with_its_currency_s_minor_units(long minor, string currency, string expected) =>
        Assert.Equal(expected, Prices.Format(minor, currency));

    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("jpy", 0)]
    [InlineData("ISK", 0)]
    [InlineData("EUR", 2)]
    [InlineData("BHD", 3)]
    public void The_exponent_is_ISO_4217_s(string currency, int exponent) => Assert.Equal(exponent, Currencies.Exponent(currency));
}
