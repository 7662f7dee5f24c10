using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using ShopWeb.Data;
using ShopWeb.Identity;
using ShopWeb.Identity.Apps;

namespace ShopWeb.Pages.Account;

/// <summary>
/// After a password reset: what can still sign in without the new password (passkeys, apps), each with a button to
/// remove it. The shopper is not signed in here; the forms carry a protected token naming the account, which the reset
/// issued and which works for a short while only (<see cref="ResetCleanupTokens"/>).
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ResetPasswordDoneModel(
    UserManager<ApplicationUser> users,
    AppSignIns appSignIns,
    ActivityLog activity,
    ResetCleanupTokens tokens) : AccountPageModel
{
    public const string TokenKey = "ResetCleanup";

    public string Token { get; private set; } = "";

    public IReadOnlyList<UserPasskeyInfo> Passkeys { get; private set; } = [];

    public IReadOnlyList<AppSignIn> Apps { get; private set; } = [];

    /// <summary>Without the reset's token (opened again, or by anyone else) the page lists nothing.</summary>
    public bool Listed { get; private set; }

    /// <summary>The shop has locked the account: the new password (or a passkey, or an app) signs in once it unlocks it.</summary>
    public bool LockedByTheShop { get; private set; }

    public async Task OnGetAsync()
    {
        var token = TempData[TokenKey] as string;
        if (await AccountOfAsync(token) is { } user)
        {
            Token = token!;
            Listed = true;
            LockedByTheShop = ShopLock.IsShopLock(await users.GetLockoutEndDateAsync(user));
            Passkeys = [.. await users.GetPasskeysAsync(user)];
            Apps = await appSignIns.OfAsync(user.Id);
        }
    }

    public Task<IActionResult> OnPostRemovePasskeyAsync(string? token, string? id) => WithAccountAsync(token, async user =>
    {
        byte[] credentialId;
        try
        {
            credentialId = WebEncoders.Base64UrlDecode(id ?? "");
        }
        catch (FormatException)
        {
            return false;
        }

        if (await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return false;
        }

        await users.RemovePasskeyAsync(user, credentialId);
        await activity.RecordAsync(user.Id, SecurityEventKind.PasskeyRemoved, passkey.Name);
        StatusMessage = $"The passkey \"{passkey.Name}\" has been removed.";
        return true;
    });

    public Task<IActionResult> OnPostEndAppSignInAsync(string? token, string? appSignInId) => WithAccountAsync(token, async user =>
    {
        if (string.IsNullOrEmpty(appSignInId) || appSignInId.Length > 100 || !await appSignIns.EndAsync(user.Id, appSignInId))
        {
            return false;
        }

        await activity.RecordAsync(user.Id, SecurityEventKind.SessionEnded);
        StatusMessage = "That app has been signed out.";
        return true;
    });

    private async Task<IActionResult> WithAccountAsync(string? token, Func<ApplicationUser, Task<bool>> act)
    {
        if (await AccountOfAsync(token) is not { } user)
        {
            StatusMessage = "This page has expired. Sign in and remove passkeys or apps on your security page.";
            return RedirectToPage("/Account/Login/Index");
        }

        if (!await act(user))
        {
            return NotFound();
        }

        TempData[TokenKey] = token;
        return RedirectToPage();
    }

    private async Task<ApplicationUser?> AccountOfAsync(string? token) =>
        tokens.UserIdOf(token) is { } userId ? await users.FindByIdAsync(userId) : null;

    public static string IdOf(UserPasskeyInfo passkey) => WebEncoders.Base64UrlEncode(passkey.CredentialId);
}
