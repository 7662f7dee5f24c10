using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account;

/// <summary>
/// The link from the confirmation email. Opening it only shows the form: mail scanners that follow links must not
/// confirm anything, and nothing changes on a GET. Confirming also sets the password the owner types: the one they
/// chose when they registered, or a new one. Someone may have registered the address before its owner did (the
/// owner's later registration only sends the link again); the link proves the mailbox, so whatever password was
/// set before it is not kept, and any session it opened ends.
/// </summary>
public sealed class ConfirmEmailModel(UserManager<ApplicationUser> users, ServerSessions sessions) : AccountPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(PasswordPolicy.MaximumLength, MinimumLength = PasswordPolicy.MinimumLength, ErrorMessage = "Use between 8 and 128 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "Your password")]
    public string? Password { get; set; }

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
        if (user is null || token is null || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.EmailConfirmationTokenProvider, UserManager<ApplicationUser>.ConfirmEmailTokenPurpose, token))
        {
            ModelState.AddModelError(string.Empty, "This link is not valid or has expired. Ask for a new one below.");
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // A password other than the account's is the owner's new one: judged by the rules registration applies.
        var password = Password!;
        var changes = !await users.CheckPasswordAsync(user, password);
        if (changes && !await PasswordTakenAsync(users, user, password, nameof(Password)))
        {
            return Page();
        }

        if (!(await users.ConfirmEmailAsync(user, token)).Succeeded)
        {
            ModelState.AddModelError(string.Empty, "This link is not valid or has expired. Ask for a new one below.");
            return Page();
        }

        if (changes)
        {
            // After the confirmation, whose token the new stamp would end. Whoever knew the password before is out.
            var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
            if (!reset.Succeeded)
            {
                throw new InvalidOperationException("The confirmed account's password could not be set: " + string.Join(" ", reset.Errors.Select(e => e.Description)));
            }

            await sessions.EndSessionsAsync(user.Id);
        }

        StatusMessage = "Thank you: your email address is confirmed. You can sign in now.";
        return RedirectToPage("/Account/Login/Index");
    }
}
