using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account;

/// <summary>
/// The link from the confirmation email. Opening it only shows the form: mail scanners that follow links must not
/// confirm anything, and nothing changes on a GET. Confirming asks for the account's password: the address's owner
/// may have been sent a link for an account someone else registered with it (and its password), which confirming
/// must not hand them; registering again sets a new password and sends a new link.
/// </summary>
public sealed class ConfirmEmailModel(UserManager<ApplicationUser> users) : AccountPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [DataType(DataType.Password)]
    [Display(Name = "Your password")]
    [StringLength(PasswordPolicy.MaximumLength)]
    public string? Password { get; set; }

    public bool LinkIsComplete => !string.IsNullOrEmpty(UserId) && !string.IsNullOrEmpty(Code);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = UserId is { Length: <= 64 } ? await users.FindByIdAsync(UserId) : null;
        if (user is not null && user.EmailConfirmed)
        {
            StatusMessage = "Your email address is already confirmed. You can sign in.";
            return RedirectToPage("/Account/Login/Index");
        }

        var token = TokenCodec.Decode(Code);
        if (user is null || token is null || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.EmailConfirmationTokenProvider, UserManager<ApplicationUser>.ConfirmEmailTokenPurpose, token))
        {
            ModelState.AddModelError(string.Empty, "This link is not valid or has expired. Ask for a new one below.");
            return Page();
        }

        if (await users.IsLockedOutAsync(user))
        {
            return RedirectToPage("/Account/Lockout");
        }

        if (string.IsNullOrEmpty(Password) || !await users.CheckPasswordAsync(user, Password))
        {
            await users.AccessFailedAsync(user); // a link in hand is no way to guess the password
            ModelState.AddModelError(nameof(Password),
                "That is not the password of this registration. If you registered more than once, it is the one you chose last; or register again to choose a new one.");
            return Page();
        }

        if (!(await users.ConfirmEmailAsync(user, token)).Succeeded)
        {
            ModelState.AddModelError(string.Empty, "This link is not valid or has expired. Ask for a new one below.");
            return Page();
        }

        StatusMessage = "Thank you: your email address is confirmed. You can sign in now.";
        return RedirectToPage("/Account/Login/Index");
    }
}
