namespace ShopWeb.Api.V1.Contracts;

/// <summary>An amount as text with its currency's decimals ("12.90", "1200" for JPY), so no client rounds it through a float, and its ISO 4217 currency.</summary>
public sealed record Money(string Amount, string Currency)
{
    public static Money Of(long minor, string currency) =>
        new(Catalog.Prices.ToText(minor, currency), currency);
}
