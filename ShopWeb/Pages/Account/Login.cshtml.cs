using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account;

[EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class LoginModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    HashingDecoy decoy,
    UnknownAccountLockout strangers,
    ActivityLog activity,
    SignInFollowUp followUp) : AccountPageModel
{
    public const string WrongCredentials = "The email or password is not right.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; private set; }

    /// <summary>Set when the password was right but the address is not confirmed yet.</summary>
    public bool NeedsConfirmation { get; private set; }

    public void OnGet(string? returnUrl = null) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            decoy.SpendHashTime(Input.Password);
            if (strangers.Fail(Input.Email) is { } until)
            {
                return Locked(until);
            }

            ModelState.AddModelError(string.Empty, WrongCredentials);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            StatusMessage = await followUp.CompleteAsync(HttpContext, user);
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("LoginWithTwoFactor", new { returnUrl, rememberMe = Input.RememberMe });
        }

        if (result.IsLockedOut)
        {
            return Locked(await users.GetLockoutEndDateAsync(user));
        }

        // Identity answers "not allowed" before it checks the password; say why only to whoever knows the password.
        if (result.IsNotAllowed && await users.CheckPasswordAsync(user, Input.Password))
        {
            NeedsConfirmation = true;
            ModelState.AddModelError(string.Empty, "Please confirm your email address before signing in: open the link we emailed you.");
            return Page();
        }

        if (result.IsNotAllowed)
        {
            await users.AccessFailedAsync(user);
        }

        await activity.RecordAsync(user.Id, SecurityEventKind.SignInFailed);

        ModelState.AddModelError(string.Empty, WrongCredentials);
        return Page();
    }

    private RedirectToPageResult Locked(DateTimeOffset? until)
    {
        TempData[LockoutModel.EndKey] = until?.ToString("O", CultureInfo.InvariantCulture);
        return RedirectToPage("Lockout");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address such as name@example.com.")]
        [ShopWeb.Email.DeliverableEmail]
        [StringLength(256, ErrorMessage = "Use an email address of at most 256 characters.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(PasswordPolicy.MaximumLength, ErrorMessage = "Passwords have at most 128 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Remember me")]
        public bool RememberMe { get; set; }
    }
}
