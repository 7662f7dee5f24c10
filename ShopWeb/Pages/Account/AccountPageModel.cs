using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ShopWeb.Pages.Account;

/// <summary>What every account page shares: the status message and links back into the shop that stay on this site.</summary>
public abstract class AccountPageModel : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>The return address when it is on this site; anything else (another host, <c>//host</c>, junk) is the home page.</summary>
    protected string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length <= 2048 && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";

    /// <summary>The lockout page, told when the account opens again.</summary>
    protected RedirectToPageResult Locked(DateTimeOffset? until)
    {
        TempData[LockoutModel.EndKey] = until?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return RedirectToPage("/Account/Lockout");
    }
}
