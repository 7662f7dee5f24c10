using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Payments;

/// <summary>
/// A way to pay the shop offers now (<see cref="PaymentOptions.Offers"/>), on <see cref="CheckoutInput.Payment"/>: so
/// the checkout page and the API refuse a switched-off method with the same message, before anything is ordered.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OfferedPaymentAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not PaymentMethod method || !Enum.IsDefined(method))
        {
            return ValidationResult.Success; // [EnumDataType] speaks for values that are no method at all
        }

        var options = validationContext.GetRequiredService<IOptions<PaymentOptions>>().Value;
        return options.Offers(method)
            ? ValidationResult.Success
            : new ValidationResult($"{OrderPricing.Describe(method)} is not offered by this shop. Choose "
                + string.Join(" or ", options.Offered.Select(OrderPricing.Describe)) + ".", [validationContext.MemberName!]);
    }
}
