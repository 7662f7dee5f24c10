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

internal sealed class ShippingOptionsValidator : IValidateOptions<ShippingOptions>
{
    private const decimal Largest = 100_000m;

    public ValidateOptionsResult Validate(string? name, ShippingOptions options)
    {
        (string Key, decimal Amount)[] amounts =
            [(nameof(options.StandardFee), options.StandardFee), (nameof(options.ExpressFee), options.ExpressFee), (nameof(options.FreeFrom), options.FreeFrom)];
        var failures = amounts
            .Where(a => a.Amount is < 0 or > Largest || decimal.Round(a.Amount, 2) != a.Amount)
            .Select(a => string.Create(CultureInfo.InvariantCulture,
                $"{ShippingOptions.Section}:{a.Key} {a.Amount} must be an amount from 0 to {Largest} in whole cents, such as 4.90."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
