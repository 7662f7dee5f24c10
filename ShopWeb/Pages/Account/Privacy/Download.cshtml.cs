using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Account.Privacy;

/// <summary>"Download my data": a POST that answers with a JSON file. There is nothing to GET.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class DownloadDataModel(UserManager<ApplicationUser> users, MyDataExport export, TimeProvider clock, Identity.ActivityLog activity) : AccountPageModel
{
    public IActionResult OnGet()
    {
        Response.Headers.Allow = "POST";
        return StatusCode(StatusCodes.Status405MethodNotAllowed);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        await activity.RecordAsync(user.Id, SecurityEventKind.DataDownloaded);
        var json = await export.ForAsync(user);
        return File(json, "application/json", $"shopweb-my-data-{Infrastructure.TimeFormat.Text(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))}.json");
    }
}
