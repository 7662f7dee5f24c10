using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Payments;

namespace ShopWeb.Pages.Checkout;

/// <summary>
/// Where the provider sends the shopper back (<see cref="CardPayments.ReturnUrl"/>). The address names the attempt
/// and nothing else to trust: the page asks the provider how the session stands and applies that through
/// <see cref="PaymentSignals"/>, then shows the order. A payment still being confirmed gets a page that checks again
/// every few seconds (its script follows a "Check again now" link, which works without it), for a minute: no
/// <c>meta refresh</c>, which a screen reader cannot stop (WCAG 2.2.1), and no open tab asking the provider for days
/// about a payment that takes days (a bank debit). Holding the attempt key (only ever given to the shopper's browser)
/// opens a guest order.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ReturnModel(ShopDbContext db, IPaymentProvider provider, PaymentSignals signals, ILogger<ReturnModel> logger) : PageModel
{
    /// <summary>Seconds between checks of "We are confirming your payment".</summary>
    public const int CheckSeconds = 3;

    /// <summary>Checks made on their own, a minute's worth; then the shopper checks again by hand, or waits for the email.</summary>
    public const int MaxChecks = 20;

    [TempData]
    public string? StatusMessage { get; set; }

    public string OrderNumber { get; private set; } = "";

    public string OrderLink { get; private set; } = "";

    /// <summary>The next check's address while the page still checks on its own; null once it has done its minute.</summary>
    public string? NextCheck { get; private set; }

    /// <summary>This page again, from the first check.</summary>
    public string CheckAgainLink { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? attempt, bool cancelled, int check = 0)
    {
        if (attempt is not { Length: > 0 and <= 64 }
            || await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.AttemptKey == attempt, HttpContext.RequestAborted) is not { } payment)
        {
            return NotFound();
        }

        if (payment.Provider == provider.Name)
        {
            try
            {
                await signals.ApplyStatusAsync(provider, payment.SessionId, HttpContext.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !HttpContext.RequestAborted.IsCancellationRequested)
            {
                // The provider cannot be asked just now: show what the shop knows, and ask again at the next reload.
                logger.LogWarning(ex, "Could not ask the provider about payment {PaymentId}", payment.Id);
            }
        }

        db.ChangeTracker.Clear();
        payment = await db.Payments.AsNoTracking().SingleAsync(p => p.Id == payment.Id, HttpContext.RequestAborted);
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == payment.OrderId, HttpContext.RequestAborted);
        var token = order.UserId is null ? order.AccessToken : null;
        OrderNumber = order.Number;
        OrderLink = Url.Page("/Orders/Details", new { number = order.Number, token })!;
        if (payment.Status == PaymentStatus.Open && order.Status == OrderStatus.AwaitingPayment && !cancelled)
        {
            CheckAgainLink = Url.Page("/Checkout/Return", new { attempt })!;
            NextCheck = check is >= 0 and < MaxChecks ? Url.Page("/Checkout/Return", new { attempt, check = check + 1 }) : null;
            return Page();
        }

        StatusMessage = Outcome(order, payment, cancelled);
        return RedirectToPage("/Orders/Details", new { number = order.Number, token });
    }

    private static string Outcome(Order order, Payment payment, bool cancelled) => (order.Status, payment.Status) switch
    {
        (_, PaymentStatus.Paid) => $"Thank you: your payment was received and order {order.Number} is paid. A confirmation is on its way to {order.Email}.",
        (_, PaymentStatus.Flagged) => "The provider took a payment that this order could not take. Nothing more is owed: the shop will refund it.",
        (OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Delivered, _) => $"Order {order.Number} is paid.",
        (OrderStatus.Cancelled, _) => $"Order {order.Number} is cancelled (its payment time ran out, or it was cancelled). Nothing was paid.",
        (_, PaymentStatus.Failed) => "Your payment did not go through, and nothing was taken. Press \"Pay now\" to try again, or cancel the order.",
        (_, PaymentStatus.Open) when cancelled => "You left the payment page without paying. Your order is kept for you: press \"Pay now\" to pay, or cancel it.",
        _ => "Nothing was paid. Press \"Pay now\" to pay the order, or cancel it.",
    };
}
