using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Security;

/// <summary>
/// A page that changes how the shopper signs in (password, email, two-factor, passkeys): it needs a sign-in of the
/// last 5 minutes, or the password again first (<see cref="RequireRecentSignInAttribute"/>).
/// </summary>
[Authorize]
[RequireRecentSignIn]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class SignInSettingsPageModel : AccountPageModel
{
    /// <summary>A wrong current password counts toward lockout, as at sign-in: a left-open session is no way to guess it.</summary>
    protected async Task<IActionResult> WrongPasswordAsync(SignInManager<ApplicationUser> signIn, ApplicationUser user, string field)
    {
        await signIn.UserManager.AccessFailedAsync(user);
        if (await signIn.UserManager.IsLockedOutAsync(user))
        {
            await signIn.SignOutAsync();
            return RedirectToPage("/Account/Lockout");
        }

        ModelState.AddModelError(field, "Your current password is not right.");
        return Page();
    }
}
