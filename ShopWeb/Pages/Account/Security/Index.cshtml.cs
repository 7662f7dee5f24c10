using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;

namespace ShopWeb.Pages.Account.Security;

/// <summary>The overview: where each security task lives, with the state of the two that matter most at a glance.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class SecurityModel(UserManager<ApplicationUser> users) : AccountPageModel
{
    public string CurrentEmail { get; private set; } = "";

    public bool TwoFactorEnabled { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        CurrentEmail = user.Email ?? "";
        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        return Page();
    }
}
