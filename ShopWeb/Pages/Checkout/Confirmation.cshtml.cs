using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Pages.Checkout;

[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ConfirmationModel(OrderAccess access) : PageModel
{
    public Order Order { get; private set; } = null!;

    public string? Token { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? number, string? token)
    {
        if (await access.FindAsync(number, User, token) is not { } order)
        {
            return NotFound();
        }

        Order = order;
        Token = token;
        return Page();
    }
}
