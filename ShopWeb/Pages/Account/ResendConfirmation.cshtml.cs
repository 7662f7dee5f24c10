using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account;

[EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class ResendEmailConfirmationModel(UserManager<ApplicationUser> users, AccountEmails emails) : AccountPageModel
{
    public const string Answer = "If an account at that address is waiting for confirmation, we have sent it a new link.";

    [BindProperty]
    public EmailOnlyInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is { EmailConfirmed: false })
        {
            var code = TokenCodec.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
            await emails.SendConfirmationAsync(user, code);
        }

        await SteadyAnswerTime.WaitOutAsync(startedAt, HttpContext.RequestAborted);

        // The same answer whether or not there is such an account.
        StatusMessage = Answer;
        return RedirectToPage();
    }
}
