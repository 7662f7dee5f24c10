using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Login;

/// <summary>The second step of sign-in for accounts with an authenticator app. Wrong codes count toward lockout.</summary>
[EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class LoginWithTwoFactorModel(SignInManager<ApplicationUser> signIn, SignInFollowUp followUp, ActivityLog activity) : AccountPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; private set; }

    public bool RememberMe { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool rememberMe, string? returnUrl = null)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToPage("/Account/Login/Index");
        }

        (ReturnUrl, RememberMe) = (returnUrl, rememberMe);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(bool rememberMe, string? returnUrl = null)
    {
        (ReturnUrl, RememberMe) = (returnUrl, rememberMe);
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            StatusMessage = "Your sign-in took too long; please enter your password again.";
            return RedirectToPage("/Account/Login/Index");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, rememberMe, Input.RememberMachine);
        if (result.Succeeded)
        {
            StatusMessage = await followUp.CompleteAsync(HttpContext, user);
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        if (result.IsLockedOut)
        {
            return Locked(await signIn.UserManager.GetLockoutEndDateAsync(user));
        }

        await activity.RecordAsync(user.Id, SecurityEventKind.SignInFailed, "wrong authenticator code");
        ModelState.AddModelError("Input.Code", "That code is not right. Codes change every 30 seconds; try the one showing now.");
        return Page();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [StringLength(8, MinimumLength = 6, ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [Display(Name = "Authenticator code")]
        public string Code { get; set; } = "";

        [Display(Name = "Remember this device")]
        public bool RememberMachine { get; set; }
    }
}
