using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account;

public sealed class ResetPasswordModel(
    UserManager<ApplicationUser> users, ServerSessions sessions, ActivityLog activity, ResetCleanupTokens cleanup) : AccountPageModel
{
    public const string InvalidLink = "This reset link is not valid any more: it was used already or has expired. Ask for a new one.";

    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = UserId is { Length: <= 64 } ? await users.FindByIdAsync(UserId) : null;
        var token = TokenCodec.Decode(Code);
        if (user is null || token is null)
        {
            ModelState.AddModelError(string.Empty, InvalidLink);
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : "Input.Password", error.Code == "InvalidToken" ? InvalidLink : error.Description);
            }

            return Page();
        }

        // Whoever knew the old password is out: every session ends, and proving the mailbox lifts a lockout that
        // wrong passwords brought, never the shop's own.
        await sessions.EndSessionsAsync(user.Id);
        if (!ShopLock.IsShopLock(await users.GetLockoutEndDateAsync(user)))
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }

        await activity.RecordAsync(user.Id, SecurityEventKind.PasswordReset);
        // Passkeys and apps do not need the password: the shopper sees which still work and may remove them.
        TempData[ResetPasswordDoneModel.TokenKey] = cleanup.Issue(user.Id);
        return RedirectToPage("/Account/ResetPasswordDone");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(PasswordPolicy.MaximumLength, MinimumLength = PasswordPolicy.MinimumLength, ErrorMessage = "Use between 8 and 128 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type your password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }
}
