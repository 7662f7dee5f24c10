using Microsoft.Extensions.Options;

namespace ShopWeb.Ordering;

/// <summary>The <c>Orders</c> section.</summary>
public sealed class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>Days a bank-transfer order waits for its payment before <see cref="UnpaidOrderExpiry"/> cancels it and returns its stock.</summary>
    public int UnpaidDays { get; set; } = 7;

    /// <summary>The date by which the order must be paid, for an order still waiting for a bank transfer; otherwise null.</summary>
    public DateTimeOffset? PayBy(Data.Order order) =>
        order is { Status: Data.OrderStatus.AwaitingPayment, Payment: Data.PaymentMethod.BankTransfer } ? order.PlacedAt.AddDays(UnpaidDays) : null;
}

internal sealed class OrderOptionsValidator : IValidateOptions<OrderOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderOptions options) => options.UnpaidDays is < 1 or > 365
        ? ValidateOptionsResult.Fail($"{OrderOptions.Section}:UnpaidDays {options.UnpaidDays} must be a number of days from 1 to 365.")
        : ValidateOptionsResult.Success;
}
