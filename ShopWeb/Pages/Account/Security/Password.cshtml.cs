using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Security;

public sealed class PasswordModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ServerSessions sessions,
    AccountEmails emails,
    ActivityLog activity) : SignInSettingsPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            return await WrongPasswordAsync(signIn, user, "Input.CurrentPassword");
        }

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Input.NewPassword", error.Description);
            }

            return Page();
        }

        // Everyone else holding this account's sessions knew the old password; only this device stays signed in.
        await sessions.EndSessionsAsync(user.Id, keepSessionId: ServerSessions.CurrentSessionId(User));
        await signIn.RefreshSignInAsync(user);
        await activity.RecordAsync(user.Id, SecurityEventKind.PasswordChanged);
        await emails.SendPasswordChangedAsync(user);
        StatusMessage = "Your password has been changed. Every other device has been signed out.";
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [StringLength(PasswordPolicy.MaximumLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(PasswordPolicy.MaximumLength, MinimumLength = PasswordPolicy.MinimumLength, ErrorMessage = "Use between 8 and 128 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Type the new password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(NewPassword), ErrorMessage = "The two passwords do not match.")]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }
}
