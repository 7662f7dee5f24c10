using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;

namespace ShopWeb.Pages.Account;

/// <summary>Signing out is a POST (the button in the account menu); the page itself only offers the button.</summary>
public sealed class LogoutModel(SignInManager<ApplicationUser> signIn, Identity.ActivityLog activity) : AccountPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (signIn.UserManager.GetUserId(User) is { } userId)
        {
            await activity.RecordAsync(userId, SecurityEventKind.SignedOut);
        }

        // Ends the server-side session too: the cookie's copy anywhere else stops working now.
        await signIn.SignOutAsync();
        StatusMessage = "You have signed out.";
        return LocalRedirect("/");
    }
}
