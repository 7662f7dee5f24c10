using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Security;

/// <summary>The shopper's own security history (sign-ins, changes, devices signed out), newest first.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ActivityModel(UserManager<ApplicationUser> users, ActivityLog activity) : AccountPageModel
{
    public IReadOnlyList<SecurityEvent> Events { get; private set; } = [];

    public int PageNumber { get; private set; } = 1;

    public int LastPage { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int pageNumber = 1)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        (Events, LastPage) = await activity.PageAsync(user.Id, pageNumber);
        PageNumber = Math.Clamp(pageNumber, 1, LastPage);
        return Page();
    }
}
