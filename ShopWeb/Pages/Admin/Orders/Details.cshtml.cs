using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Pages.Admin.Orders;

public sealed class DetailsModel(ShopDbContext db, OrderStatusMoves moves, AdminAudit audit, OrderEmails emails) : PageModel
{
    [BindProperty]
    public MoveInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Order Order { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? number) =>
        await LoadAsync(number) ? Page() : NotFound();

    public async Task<IActionResult> OnPostMoveAsync(string? number)
    {
        if (!await LoadAsync(number))
        {
            return NotFound();
        }

        if (!OrderStatusMoves.NextFrom(Order.Status).Contains(Input.To))
        {
            ModelState.AddModelError("Input.To", $"An order that is {OrderPricing.Describe(Order.Status).ToLowerInvariant()} cannot become {OrderPricing.Describe(Input.To).ToLowerInvariant()}.");
        }
        else if (OrderStatusMoves.NeedsReason(Input.To) && string.IsNullOrWhiteSpace(Input.Reason))
        {
            ModelState.AddModelError("Input.Reason", "Give a reason: money or stock changes with this move.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var from = Order.Status;
        audit.Record("order.status", "Order", Order.Number, new { Status = from }, new { Status = Input.To }, Input.Reason);
        if (Input.To == OrderStatus.Shipped)
        {
            emails.AddShipped(Order); // saved with the move and its audit entry, or not at all
        }

        if (!await moves.MoveAsync(Order, from, Input.To))
        {
            StatusMessage = "The order changed in the meantime; nothing was done. Check its status and try again.";
            return RedirectToPage(new { number = Order.Number });
        }

        StatusMessage = $"Order {Order.Number} is now {OrderPricing.Describe(Input.To).ToLowerInvariant()}.";
        return RedirectToPage(new { number = Order.Number });
    }

    /// <param name="number">As bound from the address: null when it was blank.</param>
    private async Task<bool> LoadAsync(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return false;
        }

        var found = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Number == number.ToUpperInvariant());
        Order = found!;
        return found is not null;
    }

    public sealed class MoveInput
    {
        [EnumDataType(typeof(OrderStatus), ErrorMessage = "Choose a status.")]
        [Display(Name = "New status")]
        public OrderStatus To { get; set; }

        [StringLength(500, ErrorMessage = "Use at most 500 characters.")]
        [Display(Name = "Reason (needed to cancel or refund)")]
        public string? Reason { get; set; }
    }
}
