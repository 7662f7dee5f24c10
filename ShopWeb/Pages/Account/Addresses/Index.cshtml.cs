using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Account.Addresses;

/// <summary>The address book: kept only while "Save my shipping addresses" is on.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(UserManager<ApplicationUser> users, SavedDetails details) : AccountPageModel
{
    public bool Saving { get; private set; }

    public IReadOnlyList<SavedAddress> Addresses { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        Saving = user.SaveShippingAddresses;
        Addresses = await details.AddressesOfAsync(user.Id);
        return Page();
    }

    public Task<IActionResult> OnPostMakeDefaultAsync(int id) => WithAddressAsync(id, async address =>
    {
        await details.MakeDefaultAsync(address);
        StatusMessage = $"{address.Line1}, {address.City} is now your default address.";
    });

    public Task<IActionResult> OnPostDeleteAsync(int id) => WithAddressAsync(id, async address =>
    {
        await details.DeleteAddressAsync(address);
        StatusMessage = $"{address.Line1}, {address.City} has been deleted.";
    });

    private async Task<IActionResult> WithAddressAsync(int id, Func<SavedAddress, Task> act)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        // Only the shopper's own addresses are found: anyone else's id is a 404.
        if (await details.AddressAsync(user.Id, id) is not { } address)
        {
            return NotFound();
        }

        await act(address);
        return RedirectToPage();
    }
}
