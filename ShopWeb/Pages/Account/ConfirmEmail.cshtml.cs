using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account;

/// <summary>
/// The link from the confirmation email. Opening it only shows a button: mail scanners that follow links
/// must not confirm anything, and nothing changes on a GET.
/// </summary>
public sealed class ConfirmEmailModel(UserManager<ApplicationUser> users) : AccountPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public bool LinkIsComplete => !string.IsNullOrEmpty(UserId) && !string.IsNullOrEmpty(Code);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = UserId is { Length: <= 64 } ? await users.FindByIdAsync(UserId) : null;
        if (user is not null && user.EmailConfirmed)
        {
            StatusMessage = "Your email address is already confirmed. You can sign in.";
            return RedirectToPage("/Account/Login/Index");
        }

        var token = TokenCodec.Decode(Code);
        if (user is null || token is null || !(await users.ConfirmEmailAsync(user, token)).Succeeded)
        {
            ModelState.AddModelError(string.Empty, "This link is not valid or has expired. Ask for a new one below.");
            return Page();
        }

        StatusMessage = "Thank you: your email address is confirmed. You can sign in now.";
        return RedirectToPage("/Account/Login/Index");
    }
}
