using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;

namespace ShopWeb.Pages.Payments.Test;

/// <summary>
/// The Test provider's hosted page: what Stripe's checkout page is for a real card, with "Pay", "Decline" and "Cancel"
/// instead of card fields. It answers only when the Test provider is the configured one. Its outcomes reach the shop as
/// signed events through the webhook's path (<see cref="TestEventDelivery"/>), never by writing the order itself.
/// </summary>
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(
    ShopDbContext db,
    TestPaymentProvider provider,
    TestEventDelivery delivery,
    IOptions<PaymentOptions> payments,
    TimeProvider clock) : PageModel
{
    public TestPaymentSession Session { get; private set; } = null!;

    /// <summary>Paid, expired or past its time: nothing more can be done here.</summary>
    public bool Ended { get; private set; }

    public IReadOnlyList<(string Item, long AmountMinor)> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id) =>
        await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostPayAsync(string? id) => DecideAsync(id, TestPaymentState.Paid);

    public Task<IActionResult> OnPostDeclineAsync(string? id) => DecideAsync(id, TestPaymentState.Declined);

    /// <summary>
    /// As Stripe's "back" link: the shopper goes back to the shop and the session stays open until its time, so the
    /// order keeps its stock and may still be paid ("Pay now") or cancelled from its page.
    /// </summary>
    public async Task<IActionResult> OnPostCancelAsync(string? id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        return Ended ? Page() : new SeeOtherResult(Session.CancelUrl);
    }

    private async Task<IActionResult> DecideAsync(string? id, TestPaymentState outcome)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (Ended || await provider.DecideAsync(Session.Id, outcome, HttpContext.RequestAborted) is not { } body)
        {
            await LoadAsync(id);
            return Page(); // it ended meanwhile: the page says so
        }

        await delivery.DeliverAsync(Session.Id, body, HttpContext.RequestAborted);
        return new SeeOtherResult(Session.SuccessUrl);
    }

    private async Task<bool> LoadAsync(string? id)
    {
        if (payments.Value.Provider != PaymentProviderKind.Test || id is not { Length: <= 64 }
            || await db.TestPaymentSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, HttpContext.RequestAborted) is not { } session)
        {
            return false;
        }

        Session = session;
        Ended = session.State is TestPaymentState.Paid or TestPaymentState.Expired || session.ExpiresAt <= clock.GetUtcNow();
        Lines = [.. session.Description.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var tab = line.LastIndexOf('\t');
            return tab < 0 || !long.TryParse(line[(tab + 1)..], out var minor) ? (line, 0L) : (line[..tab], minor);
        })];
        return true;
    }
}
