using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Data;

namespace ShopWeb.Pages.Account;

/// <summary>What every account page shares: the status message and links back into the shop that stay on this site.</summary>
public abstract class AccountPageModel : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>The return address when it is on this site; anything else (another host, <c>//host</c>, junk) is the home page.</summary>
    protected string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length <= 2048 && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";

    /// <summary>
    /// A wrong password typed by a signed-in shopper counts toward lockout, as at sign-in: a left-open session is no
    /// way to guess it. Locked, the session ends; otherwise <paramref name="message"/> stands beside the field.
    /// </summary>
    protected async Task<IActionResult> WrongPasswordAsync(
        SignInManager<ApplicationUser> signIn, ApplicationUser user, string field, string message = "Your current password is not right.")
    {
        await signIn.UserManager.AccessFailedAsync(user);
        if (await signIn.UserManager.IsLockedOutAsync(user))
        {
            await signIn.SignOutAsync();
            return RedirectToPage("/Account/Lockout");
        }

        ModelState.AddModelError(field, message);
        return Page();
    }

    /// <summary>Puts beside <paramref name="field"/> what the shop's password rules say of <paramref name="password"/> for <paramref name="user"/>.</summary>
    /// <returns>Whether the rules take it.</returns>
    protected async Task<bool> PasswordTakenAsync(UserManager<ApplicationUser> users, ApplicationUser user, string password, string field)
    {
        var taken = true;
        foreach (var validator in users.PasswordValidators)
        {
            foreach (var error in (await validator.ValidateAsync(users, user, password)).Errors)
            {
                ModelState.AddModelError(field, error.Description);
                taken = false;
            }
        }

        return taken;
    }

    /// <summary>The lockout page, told when the account opens again.</summary>
    protected RedirectToPageResult Locked(DateTimeOffset? until)
    {
        TempData[LockoutModel.EndKey] = until?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return RedirectToPage("/Account/Lockout");
    }
}
