using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using ShopWeb.Ordering;
using ShopWeb.Payments;

namespace ShopWeb.Pages.Orders;

/// <summary>One order, for the account that placed it or the holder of its emailed link; anyone else gets a 404.</summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
[SendsToHostedPage] // Pay now
public sealed class DetailsModel(
    OrderAccess access, OrderCancellation cancellation, ShopDbContext db, CardPayments cardPayments,
    Microsoft.Extensions.Options.IOptions<PaymentOptions> payments, ILogger<DetailsModel> logger) : PageModel
{
    /// <summary>The shop's account for a bank transfer, when it has said one (Payments:BankTransferTo).</summary>
    public string? PayTo => payments.Value.PayToLine;

    [TempData]
    public string? StatusMessage { get; set; }

    public Order Order { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>A card order not paid yet: "Pay now" starts a new session at the provider.</summary>
    public bool CanPayNow => Order is { Payment: PaymentMethod.Card, Status: OrderStatus.AwaitingPayment };

    public async Task<IActionResult> OnGetAsync(string? number)
    {
        if (await FindAsync(number) is not { } order)
        {
            return NotFound();
        }

        Order = order;
        return Page();
    }

    /// <summary>A new hosted session for the same order (after a declined or abandoned one), and off to it.</summary>
    public async Task<IActionResult> OnPostPayAsync(string? number)
    {
        if (await FindAsync(number) is not { } order)
        {
            return NotFound();
        }

        try
        {
            if (await cardPayments.StartAsync(order.Id, HttpContext.RequestAborted) is { } payment)
            {
                return new SeeOtherResult(payment.Url);
            }

            StatusMessage = $"Order {order.Number} is no longer waiting for a payment.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !HttpContext.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not start a card payment for order {Number}", order.Number);
            StatusMessage = "The payment page could not be opened just now. Nothing was paid; please try again in a moment.";
        }

        return RedirectToPage(new { number, token = Token });
    }

    /// <summary>
    /// Cancels an order not yet shipped and puts its stock back, once, even if pressed twice. A card order's open
    /// session is ended at the provider first and its state applied, so a payment made a moment ago wins.
    /// </summary>
    public async Task<IActionResult> OnPostCancelAsync(string? number)
    {
        if (await FindAsync(number) is not { } order)
        {
            return NotFound();
        }

        var paid = PaymentStates.Of(order) is PaymentState.Paid or PaymentState.PartlyRefunded; // cancelling it refunds it
        var outcome = await cancellation.CancelAsync(order.Id, HttpContext.RequestAborted);
        StatusMessage = outcome switch
        {
            CancelOutcome.Cancelled when paid => $"Order {order.Number} has been cancelled, and what you paid is being refunded to your card: an email follows when it is on its way.",
            CancelOutcome.Cancelled => $"Order {order.Number} has been cancelled.",
            CancelOutcome.PaidMeanwhile => $"Your payment for order {order.Number} went through a moment ago, so it was not cancelled.",
            CancelOutcome.ProviderUnavailable => $"The card payment service did not answer, so order {order.Number} was not cancelled. Try again in a moment.",
            _ => $"Order {order.Number} can no longer be cancelled.",
        };
        return RedirectToPage(new { number, token = Token });
    }

    /// <summary>
    /// The order with its card payments, oldest first (for <see cref="PaymentStates.Of"/> and the attempts list), and its
    /// refunds that went through or are under way: the money the shopper gets back, as the refund emails said. One the
    /// provider refused sent nothing back; the admin sees it and refunds again.
    /// </summary>
    private async Task<Order?> FindAsync(string? number)
    {
        if (await access.FindAsync(number, User, Token, cancellationToken: HttpContext.RequestAborted) is not { } order)
        {
            return null;
        }

        order.Payments.AddRange(await db.Payments.AsNoTracking().Where(p => p.OrderId == order.Id)
            .OrderBy(p => p.Id).ToListAsync(HttpContext.RequestAborted));
        order.Refunds.AddRange(await db.Refunds.AsNoTracking().Where(r => r.OrderId == order.Id && r.Status != RefundStatus.Failed)
            .OrderBy(r => r.Id).ToListAsync(HttpContext.RequestAborted));
        return order;
    }
}
