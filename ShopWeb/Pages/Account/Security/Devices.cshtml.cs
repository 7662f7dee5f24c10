using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Identity;
using ShopWeb.Identity.Apps;

namespace ShopWeb.Pages.Account.Security;

/// <summary>Where the shopper is signed in, browsers and apps, each of which they can sign out.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class DevicesModel(
    UserManager<ApplicationUser> users,
    ServerSessions sessions,
    ActivityLog activity,
    AppSignIns appSignIns,
    ShopDbContext db) : AccountPageModel
{
    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];

    /// <summary>Apps signed in with this account, each on its own device, listed beside the browsers.</summary>
    public IReadOnlyList<AppSignIn> AppSignIns { get; private set; } = [];

    public string? CurrentSessionId => ServerSessions.CurrentSessionId(User);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        Sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == user.Id).OrderByDescending(s => s.CreatedAt).ToListAsync();
        AppSignIns = await appSignIns.OfAsync(user.Id);
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
}
