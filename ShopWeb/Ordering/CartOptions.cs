using Microsoft.Extensions.Options;

namespace ShopWeb.Ordering;

/// <summary>The <c>Carts</c> section: how long a guest cart is kept, and how many one client address may start.</summary>
public sealed class CartOptions
{
    public const string Section = "Carts";

    /// <summary>Days an untouched guest cart is kept before <see cref="GuestCartExpiry"/> deletes it.</summary>
    public int GuestDays { get; set; } = 30;

    /// <summary>New guest carts (the pages' and the API's) one client address may start in an hour.</summary>
    public int NewGuestCartsPerHour { get; set; } = 100;
}

internal sealed class CartOptionsValidator : IValidateOptions<CartOptions>
{
    public ValidateOptionsResult Validate(string? name, CartOptions options)
    {
        var failures = new List<string>();
        if (options.GuestDays is < 1 or > 3650)
        {
            failures.Add($"{CartOptions.Section}:GuestDays {options.GuestDays} must be a number of days from 1 to 3650.");
        }

        if (options.NewGuestCartsPerHour < 1)
        {
            failures.Add($"{CartOptions.Section}:NewGuestCartsPerHour {options.NewGuestCartsPerHour} must be a positive number.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
