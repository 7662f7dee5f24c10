using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;
using ShopWeb.Ordering;

namespace ShopWeb.Pages.Account;

[EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class LoginModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    HashingDecoy decoy,
    UnknownAccountLockout strangers,
    ActivityLog activity,
    AccountEmails emails,
    ShoppingCart cart) : AccountPageModel
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
            await NoteSignInAsync(user);
            await BringGuestCartAsync(user);
            return LocalRedirect(SafeReturnUrl(returnUrl));
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

    /// <summary>Logs the sign-in, and tells the owner when it comes from a browser this account has not used before.</summary>
    private async Task NoteSignInAsync(ApplicationUser user)
    {
        var userAgent = Request.Headers.UserAgent.ToString();
        var known = await activity.KnowsDeviceAsync(user.Id, string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, 512)]);
        await activity.RecordAsync(user.Id, SecurityEventKind.SignedIn);
        if (!known)
        {
            await emails.SendNewDeviceAsync(user.Email!, ActivityLog.Device(userAgent), HttpContext.Connection.RemoteIpAddress?.ToString());
        }
    }

    private RedirectToPageResult Locked(DateTimeOffset? until)
    {
        TempData[LockoutModel.EndKey] = until?.ToString("O", CultureInfo.InvariantCulture);
        return RedirectToPage("Lockout");
    }

    /// <summary>What a guest put in the cart before signing in joins the account's cart; nothing is ordered.</summary>
    private async Task BringGuestCartAsync(ApplicationUser user)
    {
        if (CartOwner.GuestKeyOf(HttpContext) is not { } guestKey)
        {
            return;
        }

        var units = await cart.MergeGuestCartAsync(guestKey, user.Id);
        CartOwner.Forget(HttpContext);
        if (units > 0)
        {
            StatusMessage = units == 1
                ? "We added the item from before you signed in to your cart."
                : $"We added the {units} items from before you signed in to your cart.";
        }
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
