using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Security;

/// <summary>The shopper's passkeys: add one (named), rename and remove them, each after a recent sign-in.</summary>
public sealed class PasskeysModel(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, ActivityLog activity, AccountEmails emails) : SignInSettingsPageModel
{
    public IReadOnlyList<UserPasskeyInfo> Passkeys { get; private set; } = [];

    [BindProperty]
    [StringLength(60, ErrorMessage = "Use at most 60 characters.")]
    [Display(Name = "Name for the new passkey")]
    public string? Name { get; set; }

    [BindProperty]
    public string? CredentialJson { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        Passkeys = [.. await users.GetPasskeysAsync(user)];
        return Page();
    }

    /// <summary>The WebAuthn options the browser needs to create a passkey for this account.</summary>
    public async Task<IActionResult> OnPostCreationOptionsAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity { Id = user.Id, Name = user.Email!, DisplayName = user.Email! });
        return Content(options, "application/json");
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        PasskeyAttestationResult? result = null;
        if (!string.IsNullOrEmpty(CredentialJson) && CredentialJson.Length <= 100_000 && ModelState.IsValid)
        {
            try
            {
                result = await signIn.PerformPasskeyAttestationAsync(CredentialJson);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A mangled answer is a passkey not added, not an error page.
                HttpContext.RequestServices.GetRequiredService<ILogger<PasskeysModel>>().LogWarning(ex, "A passkey answer was refused");
            }
        }
        if (result is not { Succeeded: true })
        {
            StatusMessage = "The passkey could not be added. Please try again.";
            return RedirectToPage();
        }

        var passkey = result.Passkey;
        passkey.Name = string.IsNullOrWhiteSpace(Name) ? "Passkey" : Name.Trim();
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        await activity.RecordAsync(user.Id, SecurityEventKind.PasskeyAdded, passkey.Name);
        await emails.SendPasskeyAddedAsync(user, passkey.Name);
        StatusMessage = $"The passkey \"{passkey.Name}\" has been added.";
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostRenameAsync(string? id, string? newName) => WithPasskeyAsync(id, async (user, passkey) =>
    {
        passkey.Name = string.IsNullOrWhiteSpace(newName) ? passkey.Name : newName.Trim()[..Math.Min(newName.Trim().Length, 60)];
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        return $"The passkey is now called \"{passkey.Name}\".";
    });

    public Task<IActionResult> OnPostRemoveAsync(string? id) => WithPasskeyAsync(id, async (user, passkey) =>
    {
        await users.RemovePasskeyAsync(user, passkey.CredentialId);
        await activity.RecordAsync(user.Id, SecurityEventKind.PasskeyRemoved, passkey.Name);
        return $"The passkey \"{passkey.Name}\" has been removed.";
    });

    public static string IdOf(UserPasskeyInfo passkey) => WebEncoders.Base64UrlEncode(passkey.CredentialId);

    private async Task<IActionResult> WithPasskeyAsync(string? id, Func<ApplicationUser, UserPasskeyInfo, Task<string>> act)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        byte[] credentialId;
        try
        {
            credentialId = WebEncoders.Base64UrlDecode(id ?? "");
        }
        catch (FormatException)
        {
            return NotFound();
        }

        // Only this account's passkeys are found: another account's id is a 404.
        if (await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return NotFound();
        }

        StatusMessage = await act(user, passkey);
        return RedirectToPage();
    }
}
