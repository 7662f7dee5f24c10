using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Email;
using ShopWeb.Identity;
using ShopWeb.Privacy;

namespace ShopWeb.Pages.Account;

[EnableRateLimiting(AccountRateLimits.Policy)]
public sealed class RegisterModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    AccountEmails emails,
    HashingDecoy decoy,
    SavedDetails details,
    SignInFollowUp followUp,
    TimeProvider clock,
    IOptions<AccountOptions> accountOptions) : AccountPageModel
{
    public const string PagePath = "/account/register";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl = null) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();

        // The password is judged before anything depends on whether the address has an account, so the answer
        // (and its errors) are the same either way.
        var candidate = new ApplicationUser { UserName = email, Email = email, CreatedAt = clock.GetUtcNow() };
        await PasswordTakenAsync(users, candidate, Input.Password, "Input.Password");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var existing = await users.FindByEmailAsync(email);
        if (existing is null)
        {
            var created = await users.CreateAsync(candidate, Input.Password);
            if (created.Succeeded)
            {
                return await WelcomeAsync(candidate);
            }

            if (!created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            {
                foreach (var error in created.Errors)
                {
                    ModelState.AddModelError("Input.Email", error.Description);
                }

                return Page();
            }

            // Someone registered the same address a moment ago: from here on it is an existing account.
            existing = await users.FindByEmailAsync(email);
        }
        else
        {
            decoy.SpendHashTime(Input.Password);
        }

        if (existing is { EmailConfirmed: false } && accountOptions.Value.RequireConfirmedEmail)
        {
            // Registered but never confirmed: "you already have an account" would lead to a sign-in that asks for the
            // confirmation, so the confirmation link comes again (the page says the same either way). Its password
            // stays as it is: the confirmation sets the one its owner types, so whoever registered first (perhaps
            // not the owner) never keeps theirs (ConfirmEmail).
            var code = TokenCodec.Encode(await users.GenerateEmailConfirmationTokenAsync(existing));
            await emails.SendConfirmationAsync(existing, code);
        }
        else if (existing is not null)
        {
            await emails.SendAlreadyRegisteredAsync(existing);
        }

        return RedirectToPage("/Account/RegisterConfirmation");
    }

    private async Task<IActionResult> WelcomeAsync(ApplicationUser user)
    {
        // Both choices start off; only a box the shopper ticked becomes a decision on record.
        await details.DecideAsync(user, DetailsChoice.ContactDetails, Input.SaveContactDetails, PagePath);
        await details.DecideAsync(user, DetailsChoice.ShippingAddresses, Input.SaveShippingAddresses, PagePath);

        if (!accountOptions.Value.RequireConfirmedEmail)
        {
            await signIn.SignInAsync(user, isPersistent: false);
            StatusMessage = await followUp.JoinGuestCartAsync(HttpContext, user); // what they put in the cart before is theirs
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }

        var code = TokenCodec.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        await emails.SendConfirmationAsync(user, code);
        return RedirectToPage("/Account/RegisterConfirmation");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address such as name@example.com.")]
        [ShopWeb.Email.DeliverableEmail]
        [StringLength(256, ErrorMessage = "Use an email address of at most 256 characters.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(PasswordPolicy.MaximumLength, MinimumLength = PasswordPolicy.MinimumLength, ErrorMessage = "Use between 8 and 128 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type your password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";

        public bool SaveContactDetails { get; set; }

        public bool SaveShippingAddresses { get; set; }
    }
}
