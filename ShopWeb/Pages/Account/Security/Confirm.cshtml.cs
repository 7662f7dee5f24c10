using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Security;

/// <summary>
/// "Confirm it's you": the password or a passkey again, before a change to how the shopper signs in
/// (<see cref="RequireRecentSignInAttribute"/>). Wrong passwords count toward lockout, as at sign-in.
/// </summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ConfirmModel(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn) : AccountPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

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

        var result = await signIn.CheckPasswordSignInAsync(user, Input.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await signIn.SignOutAsync();
            return Locked(await users.GetLockoutEndDateAsync(user));
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("Input.Password", "That is not your password.");
            return Page();
        }

        return await ConfirmedAsync(user);
    }

    /// <summary>The WebAuthn options for one of this shopper's own passkeys.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        return Content(await signIn.MakePasskeyRequestOptionsAsync(user), "application/json");
    }

    public async Task<IActionResult> OnPostPasskeyAsync(string? credentialJson)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        ModelState.Clear();
        PasskeyAssertionResult<ApplicationUser>? result = null;
        if (!string.IsNullOrEmpty(credentialJson) && credentialJson.Length <= 100_000)
        {
            try
            {
                result = await signIn.PerformPasskeyAssertionAsync(credentialJson);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                HttpContext.RequestServices.GetRequiredService<ILogger<ConfirmModel>>().LogWarning(ex, "A passkey answer was refused");
            }
        }

        // Only a passkey of the account signed in here proves it is the same shopper.
        if (result is not { Succeeded: true } || result.User.Id != user.Id)
        {
            ModelState.AddModelError(string.Empty, "That passkey did not confirm it is you. Try again, or use your password.");
            return Page();
        }

        await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        return await ConfirmedAsync(user);
    }

    private async Task<IActionResult> ConfirmedAsync(ApplicationUser user)
    {
        await RecentSignIn.ConfirmedAsync(HttpContext, signIn, user);
        return LocalRedirect(SafeReturnUrl(ReturnUrl is null ? "/account/security" : ReturnUrl));
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(PasswordPolicy.MaximumLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";
    }
}
