using System.Globalization;
using Microsoft.Extensions.Options;

namespace ShopWeb.Ordering;

/// <summary>The <c>Shop:Shipping</c> section: the fees, and the goods total from which standard shipping is free, in the shop's currency.</summary>
public sealed class ShippingOptions
{
    public const string Section = "Shop:Shipping";

    public decimal StandardFee { get; set; } = 4.90m;

    public decimal ExpressFee { get; set; } = 9.90m;

    public decimal FreeFrom { get; set; } = 50m;
}

/// <summary>Amounts the shop's currency can hold exactly: 4.90 is no yen amount, and would be cut to ¥4 unnoticed.</summary>
internal sealed class ShippingOptionsValidator(IOptions<Configuration.ShopOptions> shop) : IValidateOptions<ShippingOptions>
{
    private const decimal Largest = 100_000m;

    public ValidateOptionsResult Validate(string? name, ShippingOptions options)
    {
        var currency = Currency();
        var decimals = Catalog.Currencies.Exponent(currency);
        var exactly = decimals switch
        {
            2 => "in whole cents, such as 4.90",
            0 => $"with no decimals, as {currency} has none",
            _ => $"with at most {decimals} decimals, as {currency} has",
        };
        (string Key, decimal Amount)[] amounts =
            [(nameof(options.StandardFee), options.StandardFee), (nameof(options.ExpressFee), options.ExpressFee), (nameof(options.FreeFrom), options.FreeFrom)];
        var failures = amounts
            .Where(a => a.Amount is < 0 or > Largest || decimal.Round(a.Amount, decimals) != a.Amount)
            .Select(a => string.Create(CultureInfo.InvariantCulture,
                $"{ShippingOptions.Section}:{a.Key} {a.Amount} must be an amount from 0 to {Largest} {exactly}."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The shop's currency; one its own check refuses is reported there, and the fees judged in cents meanwhile.</summary>
    private string Currency()
    {
        try
        {
            return shop.Value.Currency;
        }
        catch (OptionsValidationException)
        {
            return "EUR";
        }
    }
}
