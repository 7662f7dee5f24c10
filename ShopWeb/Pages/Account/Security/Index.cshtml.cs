using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;
using ShopWeb.Identity.Apps;

namespace ShopWeb.Pages.Account.Security;

/// <summary>
/// Password and email changes. Each form binds only its own input (as a handler parameter), so a change of
/// password is never held up by the email form's validation, and the other way round.
/// </summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class SecurityModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ServerSessions sessions,
    AccountEmails emails,
    ActivityLog activity,
    AppSignIns appSignIns,
    ShopDbContext db) : AccountPageModel
{
    public PasswordInput Password { get; set; } = new();

    public EmailInput Email { get; set; } = new();

    public string CurrentEmail { get; private set; } = "";

    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    /// <summary>Apps signed in with this account, each on its own device, listed beside the browsers.</summary>
    public IReadOnlyList<AppSignIn> AppSignIns { get; private set; } = [];

    public TwoFactorInput TwoFactor { get; set; } = new();

    public bool TwoFactorEnabled { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public string? CurrentSessionId => ServerSessions.CurrentSessionId(User);

    public IReadOnlyList<SecurityEvent> Activity { get; private set; } = [];

    public int ActivityPage { get; private set; } = 1;

    public int ActivityLastPage { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "activity")] int activityPage = 1)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user, activityPage);
        return Page();
    }

    /// <summary>Signs out one of the shopper's other devices: its next request is signed out.</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(string? sessionId)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (sessionId == CurrentSessionId)
        {
            StatusMessage = "To sign out this device, use \"Sign out\" in the account menu.";
            return RedirectToPage();
        }

        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 64 || !await sessions.EndSessionAsync(user.Id, sessionId))
        {
            return NotFound();
        }

        await activity.RecordAsync(user.Id, SecurityEventKind.SessionEnded);
        StatusMessage = "That device has been signed out.";
        return RedirectToPage();
    }

    /// <summary>Signs an app out: its refresh token is refused, and its access token at its next request.</summary>
    public async Task<IActionResult> OnPostEndAppSignInAsync(string? appSignInId)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(appSignInId) || appSignInId.Length > 100 || !await appSignIns.EndAsync(user.Id, appSignInId))
        {
            return NotFound();
        }

        await activity.RecordAsync(user.Id, SecurityEventKind.SessionEnded);
        StatusMessage = "That app has been signed out.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndOtherSessionsAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        await sessions.EndSessionsAsync(user.Id, keepSessionId: CurrentSessionId);
        await activity.RecordAsync(user.Id, SecurityEventKind.OtherSessionsEnded);
        StatusMessage = "Every other device has been signed out.";
        return RedirectToPage();
    }

    /// <summary>New recovery codes (the old ones stop working), after the password is entered again.</summary>
    public Task<IActionResult> OnPostRenewRecoveryCodesAsync([Bind(Prefix = nameof(TwoFactor))] TwoFactorInput input) =>
        WithPasswordAsync(input, async user =>
        {
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
            await activity.RecordAsync(user.Id, SecurityEventKind.RecoveryCodesRenewed);
            TempData[RecoveryCodesModel.CodesKey] = string.Join(" ", codes!);
            StatusMessage = "Here are your new recovery codes; the old ones no longer work.";
            return RedirectToPage("/Account/Security/RecoveryCodes");
        });

    /// <summary>Turns two-factor sign-in off and forgets the authenticator key, after the password is entered again.</summary>
    public Task<IActionResult> OnPostDisableTwoFactorAsync([Bind(Prefix = nameof(TwoFactor))] TwoFactorInput input) =>
        WithPasswordAsync(input, async user =>
        {
            await users.SetTwoFactorEnabledAsync(user, false);
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.ForgetTwoFactorClientAsync();
            await signIn.RefreshSignInAsync(user);
            await activity.RecordAsync(user.Id, SecurityEventKind.TwoFactorDisabled);
            await emails.SendTwoFactorOffAsync(user.Email!);
            StatusMessage = "Two-factor sign-in is off.";
            return RedirectToPage();
        });

    private async Task<IActionResult> WithPasswordAsync(TwoFactorInput input, Func<ApplicationUser, Task<IActionResult>> act)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        TwoFactor = input;
        await LoadAsync(user);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (!await users.CheckPasswordAsync(user, input.Password))
        {
            return await RefuseAsync(user, IdentityResult.Failed(new IdentityErrorDescriber().PasswordMismatch()), "TwoFactor.Password");
        }

        return await act(user);
    }

    private async Task LoadAsync(ApplicationUser user, int activityPage = 1)
    {
        CurrentEmail = user.Email ?? "";
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        Sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == user.Id).OrderByDescending(s => s.CreatedAt).ToListAsync();
        AppSignIns = await appSignIns.OfAsync(user.Id);
        (Activity, ActivityLastPage) = await activity.PageAsync(user.Id, activityPage);
        ActivityPage = Math.Clamp(activityPage, 1, ActivityLastPage);
    }

    public async Task<IActionResult> OnPostChangePasswordAsync([Bind(Prefix = nameof(Password))] PasswordInput password)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Password = password;
        await LoadAsync(user);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, password.CurrentPassword, password.NewPassword);
        if (!result.Succeeded)
        {
            return await RefuseAsync(user, result, "Password.NewPassword");
        }

        // Everyone else holding this account's sessions knew the old password; only this device stays signed in.
        await sessions.EndSessionsAsync(user.Id, keepSessionId: ServerSessions.CurrentSessionId(User));
        await signIn.RefreshSignInAsync(user);
        await activity.RecordAsync(user.Id, SecurityEventKind.PasswordChanged);
        await emails.SendPasswordChangedAsync(user.Email!);
        StatusMessage = "Your password has been changed. Every other device has been signed out.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChangeEmailAsync([Bind(Prefix = nameof(Email))] EmailInput email)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Email = email;
        await LoadAsync(user);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (!await users.CheckPasswordAsync(user, email.CurrentPassword))
        {
            return await RefuseAsync(user, IdentityResult.Failed(new IdentityErrorDescriber().PasswordMismatch()), "Email.CurrentPassword");
        }

        var newEmail = email.NewEmail.Trim();
        if (string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Email.NewEmail", "That is already your email address.");
            return Page();
        }

        if (await users.FindByEmailAsync(newEmail) is not null)
        {
            // Told to the address's owner, not to this shopper: the page must not reveal who has an account.
            await emails.SendAddressInUseAsync(newEmail);
        }
        else
        {
            var code = TokenCodec.Encode(await users.GenerateChangeEmailTokenAsync(user, newEmail));
            await emails.SendEmailChangeConfirmationAsync(user, newEmail, code);
        }

        StatusMessage = $"We sent a link to {newEmail}. Your email address changes when you open it.";
        return RedirectToPage();
    }

    /// <summary>A wrong current password counts toward lockout, as at sign-in: a left-open session is no way to guess it.</summary>
    private async Task<IActionResult> RefuseAsync(ApplicationUser user, IdentityResult result, string field)
    {
        foreach (var error in result.Errors)
        {
            if (error.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
            {
                await users.AccessFailedAsync(user);
                ModelState.AddModelError(field.StartsWith("TwoFactor", StringComparison.Ordinal) ? field : field.Split('.')[0] + ".CurrentPassword", "Your current password is not right.");
            }
            else
            {
                ModelState.AddModelError(field, error.Description);
            }
        }

        if (await users.IsLockedOutAsync(user))
        {
            await signIn.SignOutAsync();
            return RedirectToPage("/Account/Lockout");
        }

        return Page();
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [StringLength(PasswordPolicy.MaximumLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(PasswordPolicy.MaximumLength, MinimumLength = PasswordPolicy.MinimumLength, ErrorMessage = "Use between 8 and 128 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Type the new password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(NewPassword), ErrorMessage = "The two passwords do not match.")]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public sealed class TwoFactorInput
    {
        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(PasswordPolicy.MaximumLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Your password")]
        public string Password { get; set; } = "";
    }

    public sealed class EmailInput
    {
        [Required(ErrorMessage = "Enter the new email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address such as name@example.com.")]
        [ShopWeb.Email.DeliverableEmail]
        [StringLength(256, ErrorMessage = "Use an email address of at most 256 characters.")]
        [Display(Name = "New email")]
        public string NewEmail { get; set; } = "";

        [Required(ErrorMessage = "Enter your current password.")]
        [StringLength(PasswordPolicy.MaximumLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";
    }
}
