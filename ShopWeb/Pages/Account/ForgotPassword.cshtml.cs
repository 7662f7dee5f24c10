using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account;

[EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class ForgotPasswordModel(UserManager<ApplicationUser> users, AccountEmails emails) : AccountPageModel
{
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
        if (user is not null && (user.EmailConfirmed || !users.Options.SignIn.RequireConfirmedEmail))
        {
            var code = TokenCodec.Encode(await users.GeneratePasswordResetTokenAsync(user));
            await emails.SendPasswordResetAsync(user, code);
        }

        await SteadyAnswerTime.WaitOutAsync(startedAt, HttpContext.RequestAborted);

        // The same page whether or not there is such an account.
        return RedirectToPage("/Account/ForgotPasswordConfirmation");
    }
}
