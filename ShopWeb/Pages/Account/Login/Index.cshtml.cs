using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Login;

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
            return await strangers.FailAsync(Input.Email) is { } until ? Locked(until) : WrongPassword();
        }

        // Identity answers a locked account before it hashes anything. The hash is spent anyway, as for an unknown
        // address (locked by UnknownAccountLockout after a hash), so the time of the answer tells neither apart: on
        // the password itself, so that only whoever knows it is told that the shop locked the account (to anyone else
        // it is locked for a while, as an unknown address can be).
        var knowsPassword = await users.IsLockedOutAsync(user) && await users.CheckPasswordAsync(user, Input.Password);

        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            StatusMessage = await followUp.CompleteAsync(HttpContext, user);
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/Login/TwoFactor", new { returnUrl, rememberMe = Input.RememberMe });
        }

        if (result.IsLockedOut)
        {
            var end = await users.GetLockoutEndDateAsync(user);
            if (ShopLock.IsShopLock(end) && !knowsPassword)
            {
                // To whoever does not know the password, an account the shop locked answers as an unknown address
                // does: "not right" until its fifth try, then locked for a while. Locked at the first try would tell
                // them the address has an account.
                return await strangers.FailAsync(Input.Email, counted: true) is { } until ? Locked(until) : WrongPassword();
            }

            return Locked(end);
        }

        // Identity answers "not allowed" before it checks the password; say why only to whoever knows the password.
        if (result.IsNotAllowed && await users.CheckPasswordAsync(user, Input.Password))
        {
            NeedsConfirmation = true;
            ModelState.AddModelError(string.Empty, "Please confirm your email address before signing in: open the link we emailed you.");
            return Page();
        }

        // Counted as Identity counts a wrong password of a confirmed account: the last attempt allowed locks it.
        if (result.IsNotAllowed && (await users.AccessFailedAsync(user)).Succeeded && await users.IsLockedOutAsync(user))
        {
            return Locked(await users.GetLockoutEndDateAsync(user));
        }

        await activity.RecordAsync(user.Id, SecurityEventKind.SignInFailed, "wrong password");
        return WrongPassword();
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult WrongPassword()
    {
        ModelState.AddModelError(string.Empty, WrongCredentials);
        return Page();
    }

    /// <summary>The WebAuthn options for signing in with any passkey of this shop (the browser offers its own).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(user: null), "application/json");

    /// <summary>Signs in with the passkey the browser used; a passkey stands for both factors.</summary>
    public async Task<IActionResult> OnPostPasskeyAsync(string? credentialJson, string? returnUrl = null)
    {
        ReturnUrl = returnUrl;
        ModelState.Clear();
        var result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        if (!string.IsNullOrEmpty(credentialJson) && credentialJson.Length <= 100_000)
        {
            try
            {
                result = await signIn.PasskeySignInAsync(credentialJson);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A forged or mangled answer (or one without a ceremony begun) is a failed sign-in, not an error page.
                HttpContext.RequestServices.GetRequiredService<ILogger<LoginModel>>().LogWarning(ex, "A passkey answer was refused");
            }
        }

        // The account the passkey's assertion proved, as signed in; the form's credential id is only what the browser claimed.
        if (result.Succeeded && await users.GetUserAsync(HttpContext.User) is { } user)
        {
            StatusMessage = await followUp.CompleteAsync(HttpContext, user);
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        // Locked by wrong passwords or by the shop (the sign-in result does not say which): words true of both.
        ModelState.AddModelError(string.Empty, result.IsLockedOut ? "This account is locked: try again later, or ask the shop if it stays locked." : "That passkey did not sign you in. Try again, or use your password.");
        return Page();
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
