using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Security;

/// <summary>A new email address takes effect when its owner opens the link sent to it (<see cref="ConfirmEmailChangeModel"/>).</summary>
public sealed class EmailModel(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, AccountEmails emails) : SignInSettingsPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string CurrentEmail { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        CurrentEmail = user.Email ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        CurrentEmail = user.Email ?? "";
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (!await users.CheckPasswordAsync(user, Input.CurrentPassword))
        {
            return await WrongPasswordAsync(signIn, user, "Input.CurrentPassword");
        }

        var newEmail = Input.NewEmail.Trim();
        if (string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Input.NewEmail", "That is already your email address.");
            return Page();
        }

        if (!ShopUserManager.FitsUserName(users.Options.User, newEmail))
        {
            // Refused here, as registration refuses it: the link would otherwise lead to a change that cannot be made.
            ModelState.AddModelError("Input.NewEmail", users.ErrorDescriber.InvalidUserName(newEmail).Description);
            return Page();
        }

        if (await users.FindByEmailAsync(newEmail) is { } owner)
        {
            // Told to the address's owner, not to this shopper: the page must not reveal who has an account.
            await emails.SendAddressInUseAsync(owner);
        }
        else
        {
            var code = TokenCodec.Encode(await users.GenerateChangeEmailTokenAsync(user, newEmail));
            await emails.SendEmailChangeConfirmationAsync(user, newEmail, code);
        }

        StatusMessage = $"We sent a link to {newEmail}. Your email address changes when you open it.";
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the new email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address such as name@example.com.")]
        [DeliverableEmail]
        [StringLength(256, ErrorMessage = "Use an email address of at most 256 characters.")]
        [Display(Name = "New email")]
        public string NewEmail { get; set; } = "";

        [Required(ErrorMessage = "Enter your current password.")]
        [StringLength(PasswordPolicy.MaximumLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";
    }
}
