using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Pages.Checkout;

[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ConfirmationModel(OrderAccess access, Microsoft.Extensions.Options.IOptions<ShopWeb.Payments.PaymentOptions> payments) : PageModel
{
    public Order Order { get; private set; } = null!;

    public string? Token { get; private set; }

    /// <summary>The shop's account for a bank transfer, when it has said one (Payments:BankTransferTo).</summary>
    public string? PayTo => payments.Value.PayToLine;

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
