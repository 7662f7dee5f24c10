using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Security;

/// <summary>Two-factor sign-in: its state, new recovery codes, another authenticator app, or off.</summary>
public sealed class TwoFactorModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    ActivityLog activity,
    AccountEmails emails) : SignInSettingsPageModel
{
    public bool TwoFactorEnabled { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        return Page();
    }

    /// <summary>New recovery codes (the old ones stop working).</summary>
    public Task<IActionResult> OnPostRenewRecoveryCodesAsync() => WhileOnAsync(async user =>
    {
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        await activity.RecordAsync(user.Id, SecurityEventKind.RecoveryCodesRenewed);
        TempData[RecoveryCodesModel.CodesKey] = string.Join(" ", codes!);
        StatusMessage = "Here are your new recovery codes; the old ones no longer work.";
        return RedirectToPage("/Account/Security/RecoveryCodes");
    });

    /// <summary>Turns two-factor sign-in off and forgets the authenticator key.</summary>
    public Task<IActionResult> OnPostDisableAsync() => WhileOnAsync(async user =>
    {
        await TurnOffAsync(user);
        StatusMessage = "Two-factor sign-in is off.";
        return RedirectToPage();
    });

    /// <summary>Another authenticator app: the old key stops working, and two-factor is off until the new app is set up.</summary>
    public Task<IActionResult> OnPostResetAuthenticatorAsync() => WhileOnAsync(async user =>
    {
        await TurnOffAsync(user);
        StatusMessage = "Your old authenticator app no longer works. Set up the new one to turn two-factor sign-in on again.";
        return RedirectToPage("/Account/Security/Authenticator");
    });

    private async Task TurnOffAsync(ApplicationUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.ForgetTwoFactorClientAsync();
        await signIn.RefreshSignInAsync(user);
        await activity.RecordAsync(user.Id, SecurityEventKind.TwoFactorDisabled);
        await emails.SendTwoFactorOffAsync(user);
    }

    private async Task<IActionResult> WhileOnAsync(Func<ApplicationUser, Task<IActionResult>> act)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        return await users.GetTwoFactorEnabledAsync(user) ? await act(user) : RedirectToPage();
    }
}
