using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Account.Addresses;

/// <summary>Adds an address (no id) or edits one of the shopper's own.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class EditModel(UserManager<ApplicationUser> users, SavedDetails details) : AccountPageModel
{
    [BindProperty]
    public AddressInput Input { get; set; } = new();

    [BindProperty]
    public bool MakeDefault { get; set; }

    public int? Id { get; private set; }

    public bool Saving { get; private set; }

    /// <summary>A new address was asked for, and the book holds as many as it may.</summary>
    public bool Full { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        Id = id;
        Saving = user.SaveShippingAddresses;
        if (id is not null)
        {
            if (await details.AddressAsync(user.Id, id.Value) is not { } address)
            {
                return NotFound();
            }

            Input = AddressInput.From(address);
        }
        else if (Saving)
        {
            Full = await details.IsFullAsync(user.Id);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        Id = id;
        Saving = user.SaveShippingAddresses;
        SavedAddress? existing = null;
        if (id is not null && (existing = await details.AddressAsync(user.Id, id.Value)) is null)
        {
            return NotFound();
        }

        if (!Saving)
        {
            StatusMessage = "Nothing was saved: \"Save my shipping addresses\" is off.";
            return RedirectToPage("Index");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (existing is null)
        {
            if (await details.AddAddressAsync(user, Input, MakeDefault) is null)
            {
                ModelState.AddModelError(string.Empty, SavedDetails.FullMessage);
                return Page();
            }

            StatusMessage = "The address has been added.";
        }
        else
        {
            if (!await details.UpdateAddressAsync(existing, Input))
            {
                StatusMessage = "That address was deleted meanwhile (on another device?), so nothing was changed.";
                return RedirectToPage("Index");
            }

            if (MakeDefault)
            {
                await details.MakeDefaultAsync(existing);
            }

            StatusMessage = "The address has been updated.";
        }

        return RedirectToPage("Index");
    }
}
