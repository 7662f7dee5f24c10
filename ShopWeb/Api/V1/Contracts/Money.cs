using System.Globalization;

namespace ShopWeb.Api.V1.Contracts;

/// <summary>An amount as text with two decimals ("12.90"), so no client rounds it through a float, and its ISO 4217 currency.</summary>
public sealed record Money(string Amount, string Currency)
{
    public static Money Of(long minor, string currency) =>
        new((minor / 100m).ToString("0.00", CultureInfo.InvariantCulture), currency);
}
