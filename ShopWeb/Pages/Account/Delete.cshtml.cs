using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Account;

[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class DeleteAccountModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    AccountEraser eraser) : AccountPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Orders on their way, which keep the account until they are delivered or cancelled.</summary>
    public IReadOnlyList<string> OrdersInProgress { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (users.GetUserId(User) is { } id)
        {
            OrdersInProgress = await eraser.OrdersInProgressAsync(id);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        OrdersInProgress = await eraser.OrdersInProgressAsync(user.Id);
        if (!ModelState.IsValid || OrdersInProgress.Count > 0)
        {
            return Page();
        }

        if (!await users.CheckPasswordAsync(user, Input.Password))
        {
            return await WrongPasswordAsync(signIn, user, "Input.Password", "That is not your password. Your account has not been deleted.");
        }

        await eraser.EraseAsync(user);
        await signIn.SignOutAsync();
        StatusMessage = "Your account has been deleted. Goodbye, and thank you for shopping with us.";
        return LocalRedirect("/");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your password to delete your account.")]
        [StringLength(Identity.PasswordPolicy.MaximumLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";
    }
}
