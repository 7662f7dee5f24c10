using Microsoft.Extensions.Options;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Ordering;

/// <summary>What shipping costs (from <see cref="ShippingOptions"/>) and the words every page uses to say so.</summary>
public sealed class ShippingFees(IOptions<ShippingOptions> options, Prices prices)
{
    private ShippingOptions Rates => options.Value;

    private bool StandardAlwaysFree => Rates.StandardFee == 0 || Rates.FreeFrom == 0;

    public long FeeMinor(ShippingMethod method, long subtotalMinor) => method switch
    {
        ShippingMethod.Express => Minor(Rates.ExpressFee),
        _ => subtotalMinor >= Minor(Rates.FreeFrom) ? 0 : Minor(Rates.StandardFee),
    };

    /// <summary>The method as the checkout offers it, with the free-shipping threshold where there is one.</summary>
    public string Offer(ShippingMethod method) => method == ShippingMethod.Standard && !StandardAlwaysFree
        ? $"Standard (3–5 working days, free from {prices.Format(Minor(Rates.FreeFrom))})"
        : OrderPricing.Describe(method);

    /// <summary>One sentence for the footer and the cart, such as "Standard shipping €4.90, free from €50.00; Express €9.90."</summary>
    public string Terms => (StandardAlwaysFree
        ? "Standard shipping free"
        : $"Standard shipping {prices.Format(Minor(Rates.StandardFee))}, free from {prices.Format(Minor(Rates.FreeFrom))}")
        + $"; Express {prices.Format(Minor(Rates.ExpressFee))}.";

    // Fees are set in major units (4.90 EUR, 500 JPY); orders keep minor units of the currency's exponent.
    private long Minor(decimal amount) => (long)(amount / Currencies.ToMajor(1, prices.Currency));
}
