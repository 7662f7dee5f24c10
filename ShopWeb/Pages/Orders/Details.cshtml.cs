using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Pages.Orders;

/// <summary>One order, for the account that placed it or the holder of its emailed link; anyone else gets a 404.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class DetailsModel(OrderAccess access, OrderStatusMoves moves) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public Order Order { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public async Task<IActionResult> OnGetAsync(string? number)
    {
        if (await access.FindAsync(number, User, Token) is not { } order)
        {
            return NotFound();
        }

        Order = order;
        return Page();
    }

    /// <summary>Cancels an order not yet shipped and puts its stock back, once, even if pressed twice.</summary>
    public async Task<IActionResult> OnPostCancelAsync(string? number)
    {
        if (await access.FindAsync(number, User, Token) is not { } order)
        {
            return NotFound();
        }

        var cancelled = await moves.CancelByShopperAsync(order);
        StatusMessage = cancelled ? $"Order {order.Number} has been cancelled." : $"Order {order.Number} can no longer be cancelled.";
        return RedirectToPage(new { number, token = Token });
    }
}
