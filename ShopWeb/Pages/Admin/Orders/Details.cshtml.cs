using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Ordering;
using ShopWeb.Payments;

namespace ShopWeb.Pages.Admin.Orders;

/// <summary>One order: its lines, its card payments (flagged ones first to the eye) and refunds, "Move order" and "Refund".</summary>
public sealed class DetailsModel(ShopDbContext db, OrderStatusMoves moves, OrderCancellation cancellation, AdminAudit audit, OrderEmails emails, Refunds refunds) : PageModel
{
    [BindProperty]
    public MoveInput Input { get; set; } = new();

    /// <summary>The refund form; bound by its handler only (with its prefix), so the move form's fields never fill it.</summary>
    public RefundInput Refund { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Order Order { get; private set; } = null!;

    /// <summary>The payments that still hold money to refund.</summary>
    public IReadOnlyList<Payment> Refundable => [.. Order.Payments.Where(p => Refunds.LeftMinor(p) > 0)];

    /// <summary>Who asked for each refund, by account id: the admins' emails.</summary>
    public IReadOnlyDictionary<string, string> Requesters { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(string? number)
    {
        if (!await LoadAsync(number))
        {
            return NotFound();
        }

        Refund = RefundInput.For(Refundable.FirstOrDefault());
        return Page();
    }

    public async Task<IActionResult> OnPostRefundAsync(string? number, [Bind(Prefix = "Refund")] RefundInput refund)
    {
        if (!await LoadAsync(number))
        {
            return NotFound();
        }

        Refund = refund;
        var payment = Order.Payments.FirstOrDefault(p => p.Id == Refund.PaymentId) ?? (Refundable.Count == 1 ? Refundable[0] : null);
        var amount = payment is null ? null : RefundInput.ParseMinor(Refund.Amount, payment.Currency);
        if (payment is null)
        {
            ModelState.AddModelError("Refund.Amount", Order.Payment == PaymentMethod.Card
                ? "This order has no card payment that took money: there is nothing to refund here."
                : "This order was not paid by card here: refund it the way it was paid, then move it to Refunded.");
        }
        else if (amount is null)
        {
            ModelState.AddModelError("Refund.Amount", $"Enter an amount such as {Prices.Example(payment!.Currency)}.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await refunds.RefundAsync(Order.Id, payment!.Id, amount!.Value, Refund.Reason ?? "", Refund.IdempotencyKey);
        switch (outcome)
        {
            case RefundOutcome.Done { Again: true } done:
                StatusMessage = $"This refund of {Prices.Format(done.Refund.AmountMinor, done.Refund.Currency)} was already made; nothing more was sent back.";
                break;
            case RefundOutcome.Done done:
                StatusMessage = $"Refunded {Prices.Format(done.Refund.AmountMinor, done.Refund.Currency)} of order {Order.Number}.";
                break;
            case RefundOutcome.Pending:
                StatusMessage = "The payment provider did not answer; the refund is pending. The shop sends it again within a few minutes, or press \"Send again\" beside it.";
                break;
            case RefundOutcome.Failed:
                StatusMessage = "The payment provider refused the refund; nothing was sent back.";
                break;
            case RefundOutcome.TooMuch tooMuch:
                ModelState.AddModelError("Refund.Amount", tooMuch.LeftMinor == 0
                    ? "Everything this payment took has already been refunded."
                    : $"At most {Prices.Format(tooMuch.LeftMinor, tooMuch.Currency)} is left to refund on this payment.");
                await LoadAsync(number); // what is left now
                return Page();
            case RefundOutcome.Refused refused:
                ModelState.AddModelError(refused.Message.Contains("reason", StringComparison.Ordinal) ? "Refund.Reason" : "Refund.Amount", refused.Message);
                return Page();
        }

        return RedirectToPage(new { number = Order.Number });
    }

    /// <summary>"Send again": a refund the provider did not answer, sent with its own key (the same single refund).</summary>
    public async Task<IActionResult> OnPostRetryAsync(string? number, int refundId)
    {
        if (!await LoadAsync(number))
        {
            return NotFound();
        }

        // "Send again" from a page opened before the refund settled: say how it ended, never "Refunded" a second time.
        StatusMessage = Order.Refunds.FirstOrDefault(r => r.Id == refundId) switch
        {
            { Status: RefundStatus.Succeeded } made => $"This refund of {Prices.Format(made.AmountMinor, made.Currency)} was already made; nothing more was sent back.",
            { Status: RefundStatus.Failed } => "The payment provider refused this refund; nothing was sent back. Make a new one if money is still owed.",
            _ => null,
        } ?? await refunds.RetryAsync(Order.Id, refundId) switch
        {
            RefundOutcome.Done done => $"Refunded {Prices.Format(done.Refund.AmountMinor, done.Refund.Currency)} of order {Order.Number}.",
            RefundOutcome.Failed => "The payment provider refused the refund; nothing was sent back.",
            RefundOutcome.Refused refused => refused.Message,
            _ => "The payment provider still did not answer; the refund is pending.",
        };
        return RedirectToPage(new { number = Order.Number });
    }

    public async Task<IActionResult> OnPostMoveAsync(string? number)
    {
        if (!await LoadAsync(number))
        {
            return NotFound();
        }

        Refund = RefundInput.For(Refundable.FirstOrDefault());

        if (Input.To == OrderStatus.Paid && OrderStatusMoves.NextFrom(Order.Status).Contains(Input.To) && !OrderStatusMoves.ByHandFrom(Order).Contains(Input.To))
        {
            ModelState.AddModelError("Input.To", "A card order becomes paid when its payment goes through, never by hand.");
        }
        else if (!OrderStatusMoves.ByHandFrom(Order).Contains(Input.To))
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
        if (Input.To == OrderStatus.Cancelled)
        {
            // As the shopper's cancel: an unpaid card order's sessions end first, so none can take money afterwards.
            Order? now;
            try
            {
                now = await cancellation.EndCardSessionsAsync(Order);
            }
            catch (PaymentProviderUnavailableException)
            {
                ModelState.AddModelError("Input.To", "The card payment service did not answer, so the order's payment page could not be closed and nothing was cancelled. Try again in a moment.");
                return Page();
            }

            if (now is null)
            {
                StatusMessage = $"A card payment for order {Order.Number} went through a moment ago: it is paid now, and nothing was cancelled.";
                return RedirectToPage(new { number = Order.Number });
            }

            Order = now;
        }

        audit.Record("order.status", "Order", Order.Number, new { Status = from }, new { Status = Input.To }, Input.Reason);
        bool done;
        if (from != Order.Status)
        {
            // Ending its last session cancelled it (its stock is back): what is left is to keep who did it and why.
            done = Order.Status == Input.To && await db.SaveChangesAsync() > 0;
        }
        else
        {
            if (Input.To == OrderStatus.Shipped)
            {
                emails.AddShipped(Order); // saved with the move and its audit entry, or not at all
            }

            done = await moves.MoveAsync(Order, from, Input.To, byAdmin: (User.FindFirstValue(ClaimTypes.NameIdentifier)!, Input.Reason ?? ""));
        }

        if (!done)
        {
            StatusMessage = "The order changed in the meantime; nothing was done. Check its status and try again.";
            return RedirectToPage(new { number = Order.Number });
        }

        StatusMessage = $"Order {Order.Number} is now {OrderPricing.Describe(Input.To).ToLowerInvariant()}." + await RefundSaidAsync(from);
        return RedirectToPage(new { number = Order.Number });
    }

    /// <summary>
    /// A paid card order moved to Cancelled or Refunded sends its money back on its own (<see cref="OrderStatusMoves"/>):
    /// whether it went, so the admin is never told only "cancelled" when the card service refused or did not answer.
    /// </summary>
    private async Task<string> RefundSaidAsync(OrderStatus from)
    {
        if (Input.To is not (OrderStatus.Cancelled or OrderStatus.Refunded) || from == OrderStatus.AwaitingPayment || Order.Payment != PaymentMethod.Card)
        {
            return "";
        }

        var payments = await db.Payments.AsNoTracking().Where(p => p.OrderId == Order.Id).ToListAsync();
        if (payments.Sum(Refunds.LeftMinor) is > 0 and var left)
        {
            return $" But {Prices.Format(left, payments.First(p => Refunds.LeftMinor(p) > 0).Currency)} of its card payment has not gone back: the card payment service refused its refund, or it could not be sent. Refund it below.";
        }

        return await db.Refunds.AsNoTracking().AnyAsync(r => r.OrderId == Order.Id && r.Status == RefundStatus.Pending)
            ? " Its card refund is on its way, but the card payment service has not confirmed it yet: the shop sends it again within a few minutes, or press \"Send again\" beside it."
            : " Its card payment has been refunded in full.";
    }

    /// <param name="number">As bound from the address: null when it was blank.</param>
    private async Task<bool> LoadAsync(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return false;
        }

        db.ChangeTracker.Clear();
        var found = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Payments).Include(o => o.Refunds)
            .AsSplitQuery().FirstOrDefaultAsync(o => o.Number == number.ToUpperInvariant());
        Order = found!;
        if (found is null)
        {
            return false;
        }

        var ids = found.Refunds.Select(r => r.RequestedBy).OfType<string>().Distinct().ToList();
        Requesters = ids.Count == 0 ? new Dictionary<string, string>()
            : await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id);
        return true;
    }

    /// <summary>The refund form: the amount in the currency's units (prefilled with what is left), a reason, and the key made when it was shown.</summary>
    public sealed class RefundInput
    {
        public int PaymentId { get; set; }

        [Display(Name = "Amount to refund")]
        public string? Amount { get; set; }

        [Required(ErrorMessage = "Give a reason for the refund.")]
        [StringLength(500, ErrorMessage = "Use at most 500 characters.")]
        [Display(Name = "Reason for the refund")]
        public string? Reason { get; set; }

        /// <summary>Made when the form is shown: the same form posted twice (a double-click) makes one refund.</summary>
        [Required(ErrorMessage = "This form has expired: open the order again.")]
        [RegularExpression("^[0-9a-f]{32}$", ErrorMessage = "This form has expired: open the order again.")]
        public string IdempotencyKey { get; set; } = "";

        public static RefundInput For(Payment? payment) => new()
        {
            PaymentId = payment?.Id ?? 0,
            Amount = payment is null ? null : Prices.ToText(Refunds.LeftMinor(payment), payment.Currency),
            IdempotencyKey = Refunds.NewKey(),
        };

        /// <summary>The amount in the payment currency's own decimals ("12.5" or "12.50" in euros, "1200" in yen) as minor units; null when it is no such amount.</summary>
        public static long? ParseMinor(string? amount, string currency) => Prices.Read(amount, currency, out var minor) is null ? minor : null;
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
