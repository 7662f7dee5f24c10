using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account;

/// <summary>The link sent to a new address. As with every emailed link, the GET shows a button and the POST acts.</summary>
public sealed class ConfirmEmailChangeModel(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, AccountEmails emails, ActivityLog activity) : AccountPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "email")]
    public string? NewEmail { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public bool LinkIsComplete => !string.IsNullOrEmpty(UserId) && !string.IsNullOrEmpty(NewEmail) && !string.IsNullOrEmpty(Code);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = UserId is { Length: <= 64 } ? await users.FindByIdAsync(UserId) : null;
        var token = TokenCodec.Decode(Code);
        if (user is null || token is null || NewEmail is not { Length: > 0 and <= 256 })
        {
            return Invalid();
        }

        var oldEmail = user.Email!;
        // The user name changes with it (ShopUserManager): sign-in uses the new address from now on.
        if (!(await users.ChangeEmailAsync(user, NewEmail, token)).Succeeded)
        {
            return Invalid();
        }

        await emails.SendEmailChangedNoticeAsync(user, oldEmail);
        await activity.RecordAsync(user.Id, SecurityEventKind.EmailChanged, $"from {oldEmail}");
        if (signIn.IsSignedIn(User) && users.GetUserId(User) == user.Id)
        {
            await signIn.RefreshSignInAsync(user);
        }

        StatusMessage = $"Your email address is now {NewEmail}.";
        return signIn.IsSignedIn(User) ? RedirectToPage("/Account/Security/Index") : RedirectToPage("/Account/Login/Index");
    }

    private PageResult Invalid()
    {
        ModelState.AddModelError(string.Empty, "This link is not valid any more: it was used already or has expired. Ask for the change again.");
        return Page();
    }
}
