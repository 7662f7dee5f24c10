using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Account;

/// <summary>Contact details and the two "save my details" choices.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ProfileModel(UserManager<ApplicationUser> users, SavedDetails details) : AccountPageModel
{
    public const string PagePath = "/account/profile";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public int AddressCount { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        var contact = await details.ContactOfAsync(user.Id);
        Input = new InputModel
        {
            SaveContactDetails = user.SaveContactDetails,
            SaveShippingAddresses = user.SaveShippingAddresses,
            Contact = new ContactInput { FullName = contact?.FullName, Phone = contact?.Phone },
        };
        AddressCount = (await details.AddressesOfAsync(user.Id)).Count;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!Input.SaveContactDetails)
        {
            // Nothing typed here is kept when the choice is off, so nothing typed here can be wrong either.
            ModelState.Remove("Input.Contact.FullName");
            ModelState.Remove("Input.Contact.Phone");
        }
        else if (string.IsNullOrWhiteSpace(Input.Contact.FullName))
        {
            ModelState.AddModelError("Input.Contact.FullName", "Enter your full name to save it, or untick \"Save my contact details\".");
        }

        if (!ModelState.IsValid)
        {
            AddressCount = (await details.AddressesOfAsync(user.Id)).Count;
            return Page();
        }

        var contactErased = await details.DecideAsync(user, DetailsChoice.ContactDetails, Input.SaveContactDetails, PagePath);
        await details.SaveContactAsync(user, Input.Contact);
        var addressesErased = await details.DecideAsync(user, DetailsChoice.ShippingAddresses, Input.SaveShippingAddresses, PagePath);

        // Said when the choice was already off; turning it off now sends back the saved values the form showed, and
        // "erased" says all there is to say about those.
        var notKept = !Input.SaveContactDetails && contactErased == 0
            && (!string.IsNullOrWhiteSpace(Input.Contact.FullName) || !string.IsNullOrWhiteSpace(Input.Contact.Phone))
            ? $" The name and phone you typed were not kept: \"{DetailsWording.ContactDetails.Label}\" is off."
            : "";
        StatusMessage = "Your profile has been saved." + SavedDetails.Erased(contactErased, addressesErased) + notKept;
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        public bool SaveContactDetails { get; set; }

        public ContactInput Contact { get; set; } = new();

        public bool SaveShippingAddresses { get; set; }
    }
}
