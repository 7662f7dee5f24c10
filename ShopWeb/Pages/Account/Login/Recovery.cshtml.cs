using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Login;

/// <summary>Sign-in with one of the ten recovery codes; each works once, and the owner is told when one is used.</summary>
[EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class LoginWithRecoveryCodeModel(
    ShopSignInManager signIn, SignInFollowUp followUp, ActivityLog activity, AccountEmails emails) : AccountPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; private set; }

    /// <summary>"Remember me" of the password step, kept through this one as through the authenticator code's.</summary>
    public bool RememberMe { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool rememberMe, string? returnUrl = null)
    {
        (ReturnUrl, RememberMe) = (returnUrl, rememberMe);
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login/Index") : Page();
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

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(Input.Code.Replace(" ", "", StringComparison.Ordinal), rememberMe);
        if (result.Succeeded)
        {
            await activity.RecordAsync(user.Id, SecurityEventKind.RecoveryCodeUsed);
            await emails.SendRecoveryCodeUsedAsync(user, await signIn.UserManager.CountRecoveryCodesAsync(user));
            StatusMessage = await followUp.CompleteAsync(HttpContext, user);
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        if (result.IsLockedOut)
        {
            return Locked(await signIn.UserManager.GetLockoutEndDateAsync(user));
        }

        ModelState.AddModelError("Input.Code", "That recovery code is not right, or it was used already.");
        return Page();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter one of your recovery codes.")]
        [StringLength(20, ErrorMessage = "Enter one of your recovery codes.")]
        [Display(Name = "Recovery code")]
        public string Code { get; set; } = "";
    }
}
