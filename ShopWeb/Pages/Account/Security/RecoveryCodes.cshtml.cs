using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ShopWeb.Pages.Account.Security;

/// <summary>Recovery codes, shown once right after they are made; the store keeps only their hashes.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class RecoveryCodesModel : PageModel
{
    public const string CodesKey = "RecoveryCodes";

    public IReadOnlyList<string> Codes { get; private set; } = [];

    /// <summary>Where the shopper was going when they were sent to set up two-factor (an admin page), if anywhere.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? ContinueUrl => ReturnUrl is { Length: <= 2048 } && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;

    public void OnGet() => Codes = (TempData[CodesKey] as string)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The codes just shown, as a text file: they come back from the page, as nothing can read them from the store.</summary>
    public IActionResult OnPostDownload(string? codes)
    {
        var list = (codes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c.Length <= 20).Take(10).ToList();
        if (list.Count == 0)
        {
            return RedirectToPage();
        }

        return File(Encoding.UTF8.GetBytes("ShopWeb recovery codes (each works once)\n\n" + string.Join("\n", list) + "\n"), "text/plain", "shopweb-recovery-codes.txt");
    }
}
