using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Ordering;

/// <summary>
/// A signed-in shopper's checkout and their saved details, for the checkout page and the API alike: what pre-fills the
/// form (only what the shopper's choices keep), and what an order saves afterwards (the choices beside the fields act
/// exactly as on the profile: on saves, off erases).
/// </summary>
public sealed class CheckoutDetails(SavedDetails details)
{
    public async Task<CheckoutPrefill> PrefillAsync(ApplicationUser user, CancellationToken cancellationToken = default) => new(
        user.Email ?? "",
        user.SaveContactDetails ? await details.ContactOfAsync(user.Id, cancellationToken) : null,
        user.SaveShippingAddresses ? await details.AddressesOfAsync(user.Id, cancellationToken) : [],
        user.SaveContactDetails,
        user.SaveShippingAddresses);

    /// <summary>
    /// After an order: records the two choices as given at checkout, saves the contact details and adds the address it
    /// shipped to unless the book has it already. <paramref name="user"/> must be tracked (as UserManager's users are).
    /// </summary>
    /// <returns>What the page says of the details its unticked boxes erased ("" when none).</returns>
    public async Task<string> SaveChosenAsync(
        ApplicationUser user, CheckoutInput input, bool saveContactDetails, bool saveShippingAddresses, string place, CancellationToken cancellationToken = default)
    {
        var contactErased = await details.DecideAsync(user, DetailsChoice.ContactDetails, saveContactDetails, place, cancellationToken);
        await details.SaveContactAsync(user, new ContactInput { FullName = input.FullName, Phone = input.Phone }, cancellationToken);
        var addressesErased = await details.DecideAsync(user, DetailsChoice.ShippingAddresses, saveShippingAddresses, place, cancellationToken);
        var erased = SavedDetails.Erased(contactErased, addressesErased).Trim();
        if (!user.SaveShippingAddresses)
        {
            return erased;
        }

        var typed = input.Address;
        var saved = await details.AddressesOfAsync(user.Id, cancellationToken);
        var known = saved.Any(a => Same(a.Line1, typed.Line1) && Same(a.PostalCode, typed.PostalCode)
            && Same(a.City, typed.City) && a.Country == typed.Country && Same(a.Name, typed.Name));
        if (!known)
        {
            await details.AddAddressAsync(user, typed, cancellationToken: cancellationToken);
        }

        return erased;
    }

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>What a signed-in checkout starts from: the contact and addresses only while their choice is on.</summary>
public sealed record CheckoutPrefill(
    string Email, SavedContact? Contact, IReadOnlyList<SavedAddress> Addresses, bool SaveContactDetails, bool SaveShippingAddresses);
