using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Payments;

/// <summary>Refunds from the admin order page, and the one a cancelled paid card order gets, on paid card orders made the real way.</summary>
public sealed class RefundsTests(CardShop factory) : IClassFixture<CardShop>
{
    [Fact]
    public async Task Two_refund_posts_at_once_with_the_same_form_make_one_refund_one_audit_entry_and_one_provider_refund()
    {
        var (number, email, orderId, total) = await factory.PaidCardOrderAsync();
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/orders/{number}");
        Assert.Equal(Amount(total), page.Form("#refund").QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("[name='Refund.Amount']")?.Value); // prefilled with what is left

        // A double-click: the same form (its antiforgery token and hidden key) posted twice at once.
        var fields = new Dictionary<string, string> { ["Refund.Amount"] = Amount(total / 2), ["Refund.Reason"] = "Arrived damaged" };
        var posts = Enumerable.Range(0, 2).Select(_ => ShopBrowser.Submission(page.Form("#refund"), fields)).ToList();
        var answers = await Task.WhenAll(posts.Select(p => admin.Client.SendAsync(p)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        var refunds = await factory.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == orderId).ToListAsync());
        var refund = Assert.Single(refunds);
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.Equal(total / 2, refund.AmountMinor);
        Assert.Single(await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == number && a.Action == "order.refund").ToListAsync()));
        Assert.Single(await factory.WithDbAsync(db => db.TestPaymentRefunds.Where(r => r.IdempotencyKey == refund.IdempotencyKey).ToListAsync()));
        var sent = factory.RefundRequests.Where(r => r.IdempotencyKey == refund.IdempotencyKey).ToList();
        Assert.NotEmpty(sent);
        Assert.Single(factory.RefundRequests.Where(r => sent.Any(s => s.SessionId == r.SessionId)).Select(r => r.IdempotencyKey).Distinct());
        Assert.Equal(total / 2, await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId).SumAsync(p => p.RefundedMinor)));
        Assert.Single(factory.Mail.To(email), m => m.Subject!.StartsWith("Refund for your order", StringComparison.Ordinal));

        var shown = await admin.GetAsync($"/admin/orders/{number}");
        Assert.Equal("Partly refunded", shown.Find("#payment-state")?.TextContent);
        Assert.Single(shown.Document.QuerySelectorAll("#refunds tbody tr"));
        Assert.Contains("Arrived damaged", shown.Find("#refunds")!.TextContent);
        Assert.Contains(ShopFactory.AdminEmail, shown.Find("#refunds")!.TextContent);
    }

    [Fact]
    public async Task Partial_refunds_never_exceed_what_was_captured()
    {
        var (number, _, orderId, total) = await factory.PaidCardOrderAsync();
        using var admin = await factory.SignedInAdminAsync();
        var part = total * 40 / 100;

        await RefundAsync(admin, number, Amount(part));
        await RefundAsync(admin, number, Amount(part));
        var third = await RefundAsync(admin, number, Amount(part));

        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.Contains($"At most €{(total - 2 * part) / 100m:N2} is left to refund", third.Find("[data-valmsg-for='Refund.Amount']")?.TextContent);
        var payment = await factory.WithDbAsync(db => db.Payments.SingleAsync(p => p.OrderId == orderId && p.Status == PaymentStatus.Paid));
        Assert.Equal(2 * part, payment.RefundedMinor);
        Assert.True(payment.RefundedMinor <= payment.CapturedMinor);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Refunds.CountAsync(r => r.OrderId == orderId)));

        var zero = await RefundAsync(admin, number, "0");
        Assert.Contains("more than 0", zero.Find("[data-valmsg-for='Refund.Amount']")?.TextContent);
        var words = await RefundAsync(admin, number, "ten euros");
        Assert.Contains("such as 12.90", words.Find("[data-valmsg-for='Refund.Amount']")?.TextContent);
        var decimalsLimit = await RefundAsync(admin, number, "79228162514264337593543950335"); // decimal's largest: no overflow, no 500
        Assert.Equal(HttpStatusCode.OK, decimalsLimit.Status);
        Assert.Contains("such as 12.90", decimalsLimit.Find("[data-valmsg-for='Refund.Amount']")?.TextContent);
        var tooPrecise = await RefundAsync(admin, number, "1.005");
        Assert.Contains("such as 12.90", tooPrecise.Find("[data-valmsg-for='Refund.Amount']")?.TextContent);
        var noReason = await RefundAsync(admin, number, "1.00", reason: "");
        Assert.Contains("Give a reason", noReason.Find("[data-valmsg-for='Refund.Reason']")?.TextContent);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Refunds.CountAsync(r => r.OrderId == orderId)));
    }

    [Fact]
    public async Task Two_different_refunds_at_once_cannot_together_exceed_the_capture()
    {
        var (number, _, orderId, total) = await factory.PaidCardOrderAsync();
        using var admin = await factory.SignedInAdminAsync();
        var pages = new[] { await admin.GetAsync($"/admin/orders/{number}"), await admin.GetAsync($"/admin/orders/{number}") }; // two forms, two keys
        var fields = new Dictionary<string, string> { ["Refund.Amount"] = Amount(total * 60 / 100), ["Refund.Reason"] = "Two admins at once" };

        var answers = await Task.WhenAll(pages.Select(p => admin.Client.SendAsync(ShopBrowser.Submission(p.Form("#refund"), fields))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var refund = Assert.Single(await factory.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == orderId).ToListAsync()));
        Assert.Equal(total * 60 / 100, refund.AmountMinor);
        var pages2 = await Task.WhenAll(answers.Select(HtmlPage.ReadAsync));
        Assert.Single(pages2, p => p.Find("[data-valmsg-for='Refund.Amount']")?.TextContent.Contains("is left to refund", StringComparison.Ordinal) == true);
        Assert.Equal(total * 60 / 100, await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId).SumAsync(p => p.RefundedMinor)));
    }

    [Fact]
    public async Task A_refused_refund_gives_the_amount_back_and_an_unanswered_one_is_sent_again_with_its_key()
    {
        var (number, email, orderId, total) = await factory.PaidCardOrderAsync();
        var session = await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Paid).Select(p => p.SessionId).SingleAsync());
        using var admin = await factory.SignedInAdminAsync();

        factory.MisbehaveOnNextRefund(session, refuse: true);
        var refused = await RefundAsync(admin, number, Amount(2000));
        Assert.Contains("refused the refund", refused.Find(".status-message")?.TextContent);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId).SumAsync(p => p.RefundedMinor)));
        Assert.Equal(Amount(total), refused.Form("#refund").QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("[name='Refund.Amount']")?.Value);

        factory.MisbehaveOnNextRefund(session, refuse: false);
        var pending = await RefundAsync(admin, number, Amount(2000));
        Assert.Contains("did not answer", pending.Find(".status-message")?.TextContent);
        Assert.Equal(2000, await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId).SumAsync(p => p.RefundedMinor))); // held for it
        var sent = await admin.SubmitAsync(pending, "#refunds form", button: "Send again");

        Assert.Contains("Refunded €20.00", sent.Find(".status-message")?.TextContent);
        var again = await admin.SubmitAsync(pending, "#refunds form", button: "Send again"); // the same page, a second time
        Assert.Contains("This refund of €20.00 was already made; nothing more was sent back.", again.Find(".status-message")?.TextContent);
        var refunds = await factory.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == orderId).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([RefundStatus.Failed, RefundStatus.Succeeded], refunds.Select(r => r.Status));
        Assert.Equal(2, factory.RefundRequests.Count(r => r.IdempotencyKey == refunds[1].IdempotencyKey));
        Assert.Single(await factory.WithDbAsync(db => db.TestPaymentRefunds.Where(r => r.SessionId == session).ToListAsync()));
        Assert.Single(factory.Mail.To(email), m => m.Subject!.StartsWith("Refund for your order", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_retries_of_one_unanswered_refund_at_once_refund_once_and_email_once()
    {
        var (number, email, orderId, _) = await factory.PaidCardOrderAsync();
        var session = await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Paid).Select(p => p.SessionId).SingleAsync());
        using var admin = await factory.SignedInAdminAsync();
        factory.MisbehaveOnNextRefund(session, refuse: false);
        await RefundAsync(admin, number, Amount(1500));
        var refund = await factory.WithDbAsync(db => db.Refunds.SingleAsync(r => r.OrderId == orderId));
        Assert.Equal(RefundStatus.Pending, refund.Status);

        // Two instances' reconcilers (or one and the admin's "Send again") take up the same refund at the same moment.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Refunds>().RetryAsync(orderId, refund.Id);
        }));

        Assert.All(outcomes, o => Assert.IsType<RefundOutcome.Done>(o));
        Assert.Equal(RefundStatus.Succeeded, (await factory.WithDbAsync(db => db.Refunds.SingleAsync(r => r.Id == refund.Id))).Status);
        Assert.Single(await factory.WithDbAsync(db => db.TestPaymentRefunds.Where(r => r.SessionId == session).ToListAsync()));
        Assert.Equal(1500, await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId).SumAsync(p => p.RefundedMinor)));
        Assert.Single(factory.Mail.To(email), m => m.Subject!.StartsWith("Refund for your order", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_shoppers_order_page_lists_the_refunds_under_way_and_made_but_not_one_the_provider_refused()
    {
        var (number, _, orderId, _) = await factory.PaidCardOrderAsync();
        var session = await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Paid).Select(p => p.SessionId).SingleAsync());
        var token = await factory.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.AccessToken).SingleAsync());
        using var admin = await factory.SignedInAdminAsync();
        using var shopper = factory.CreateBrowser();

        Assert.Null((await shopper.GetAsync($"/orders/{number}?token={token}")).Find("#refunds"));

        factory.MisbehaveOnNextRefund(session, refuse: true);
        await RefundAsync(admin, number, Amount(700), reason: "Scratched lid");
        Assert.Null((await shopper.GetAsync($"/orders/{number}?token={token}")).Find("#refunds")); // nothing went back

        factory.MisbehaveOnNextRefund(session, refuse: false);
        var pending = await RefundAsync(admin, number, Amount(2000), reason: "Scratched lid");
        var underWay = Assert.Single((await shopper.GetAsync($"/orders/{number}?token={token}")).Document.QuerySelectorAll("#refunds li"));
        Assert.Contains("€20.00 being refunded to the card you paid with (Scratched lid)", underWay.TextContent);

        await admin.SubmitAsync(pending, "#refunds form", button: "Send again");
        await RefundAsync(admin, number, Amount(500), reason: "Late delivery");
        var page = await shopper.GetAsync($"/orders/{number}?token={token}");
        Assert.Equal(
            ["€20.00 refunded to the card you paid with (Scratched lid)", "€5.00 refunded to the card you paid with (Late delivery)"],
            page.Document.QuerySelectorAll("#refunds li").Select(li => li.TextContent[(li.TextContent.IndexOf(": ", StringComparison.Ordinal) + 2)..].Trim()));
        Assert.Contains("Partly refunded", page.Find("dl.facts")?.TextContent);
    }

    [Fact]
    public async Task A_full_refund_moves_the_order_to_refunded_and_emails_the_shopper()
    {
        var (number, email, orderId, total) = await factory.PaidCardOrderAsync();
        using var admin = await factory.SignedInAdminAsync();

        var partly = await RefundAsync(admin, number, Amount(1000));
        Assert.Equal("Partly refunded", partly.Find("#payment-state")?.TextContent);
        Assert.Equal("Paid", partly.Find("#order-status")?.TextContent);
        var full = await RefundAsync(admin, number, Amount(total - 1000), reason: "Returned in full");

        Assert.Equal("Refunded", full.Find("#order-status")?.TextContent);
        Assert.Equal("Refunded", full.Find("#payment-state")?.TextContent);
        Assert.Null(full.Find("#refund")); // nothing left to refund
        var mail = factory.Mail.LatestTo(email);
        Assert.Contains($"Refund for your order {number}", mail.Subject);
        Assert.Contains($"We have refunded €{(total - 1000) / 100m:N2}", mail.TextBody);
        Assert.Contains("Returned in full", mail.TextBody!);
        Assert.Equal(2, factory.Mail.To(email).Count(m => m.Subject!.StartsWith("Refund", StringComparison.Ordinal)));
        Assert.Equal(OrderStatus.Refunded, await factory.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync()));
    }

    [Fact]
    public async Task Cancelling_a_paid_card_order_refunds_it_in_full_once()
    {
        var (number, email, orderId, total) = await factory.PaidCardOrderAsync();
        using var admin = await factory.SignedInAdminAsync();

        var page = await admin.GetAsync($"/admin/orders/{number}");
        var cancelled = await admin.SubmitAsync(page, "#move", new Dictionary<string, string> { ["Input.To"] = "Cancelled", ["Input.Reason"] = "Out of stock at the warehouse" }, button: "Move order");
        Assert.Equal("Cancelled", cancelled.Find("#order-status")?.TextContent);

        // Asked again (a retry, another instance): the refund's key is the payment's own, so nothing more goes back.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Refunds>().RefundInFullAsync(orderId, OrderStatus.Cancelled, byAdmin: null);
        }

        var refund = Assert.Single(await factory.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == orderId).ToListAsync()));
        // The admin's reason and the admin, not the shop's own words: the refund came of what they did.
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == ShopFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        Assert.Equal((total, "Out of stock at the warehouse", RefundStatus.Succeeded, adminId), (refund.AmountMinor, refund.Reason, refund.Status, refund.RequestedBy));
        Assert.Single(await factory.WithDbAsync(db => db.TestPaymentRefunds.Where(r => r.IdempotencyKey == refund.IdempotencyKey).ToListAsync()));
        Assert.Contains("Out of stock at the warehouse", factory.Mail.LatestTo(email).TextBody);
        var shown = await admin.GetAsync($"/admin/orders/{number}");
        Assert.Equal("Refunded", shown.Find("#payment-state")?.TextContent);
        Assert.Contains(ShopFactory.AdminEmail, shown.Find("#refunds")?.TextContent);
    }

    [Fact]
    public async Task Cancelling_a_paid_card_order_whose_refund_is_refused_or_unanswered_tells_the_admin_so()
    {
        using var admin = await factory.SignedInAdminAsync();
        foreach (var (refuse, said) in new[]
        {
            (true, "has not gone back: the card payment service refused its refund, or it could not be sent. Refund it below."),
            (false, "Its card refund is on its way, but the card payment service has not confirmed it yet"),
        })
        {
            var (number, _, orderId, total) = await factory.PaidCardOrderAsync();
            var session = await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Paid).Select(p => p.SessionId).SingleAsync());
            factory.MisbehaveOnNextRefund(session, refuse);

            var page = await admin.GetAsync($"/admin/orders/{number}");
            var cancelled = await admin.SubmitAsync(page, "#move", new Dictionary<string, string> { ["Input.To"] = "Cancelled", ["Input.Reason"] = "Out of stock" }, button: "Move order");

            Assert.Equal("Cancelled", cancelled.Find("#order-status")?.TextContent);
            var message = cancelled.Find(".status-message")?.TextContent;
            Assert.StartsWith($"Order {number} is now cancelled.", message);
            Assert.Contains(said, message);
            Assert.Contains(refuse ? Amount(total) : "Send again", message);
        }

        var (paid, _, _, _) = await factory.PaidCardOrderAsync();
        var done = await admin.SubmitAsync(await admin.GetAsync($"/admin/orders/{paid}"), "#move",
            new Dictionary<string, string> { ["Input.To"] = "Cancelled", ["Input.Reason"] = "Out of stock" }, button: "Move order");
        Assert.Equal($"Order {paid} is now cancelled. Its card payment has been refunded in full.", done.Find(".status-message")?.TextContent.Trim());
    }

    [Fact]
    public async Task An_admins_refund_made_while_a_cancelled_order_is_refunded_in_full_leaves_nothing_unrefunded()
    {
        var admins = new AfterRead("\"CapturedMinor\" > ");
        using var shop = new CardShop(services => ShopFactory.AddStoreInterceptor(services, admins));
        var (number, _, orderId, total) = await shop.PaidCardOrderAsync();
        var paymentId = await shop.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Paid).Select(p => p.Id).SingleAsync());
        var part = total * 30 / 100;

        // The cancellation's full refund has read what is left; before it reserves that, an admin's refund is made.
        admins.Then = async () =>
        {
            await using var scope = shop.Services.CreateAsyncScope();
            Assert.IsType<RefundOutcome.Done>(await scope.ServiceProvider.GetRequiredService<Refunds>()
                .RefundAsync(orderId, paymentId, part, "Dented lid", Refunds.NewKey()));
        };
        using var admin = await shop.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/orders/{number}");
        await admin.SubmitAsync(page, "#move", new Dictionary<string, string> { ["Input.To"] = "Cancelled", ["Input.Reason"] = "Out of stock" }, button: "Move order");

        Assert.True(admins.Fired, "the admin's refund came between the read and the reservation");
        var refunds = await shop.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == orderId).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([(part, RefundStatus.Succeeded), (total - part, RefundStatus.Succeeded)], refunds.Select(r => (r.AmountMinor, r.Status)));
        Assert.Equal(total, await shop.WithDbAsync(db => db.Payments.Where(p => p.Id == paymentId).Select(p => p.RefundedMinor).SingleAsync()));
        Assert.Equal(2, shop.RefundRequests.Count);
    }

    [Fact]
    public async Task Moving_a_paid_card_order_to_refunded_by_hand_refunds_what_is_left()
    {
        var (number, email, orderId, total) = await factory.PaidCardOrderAsync();
        using var admin = await factory.SignedInAdminAsync();
        await RefundAsync(admin, number, Amount(1000));

        var page = await admin.GetAsync($"/admin/orders/{number}");
        var moved = await admin.SubmitAsync(page, "#move", new Dictionary<string, string> { ["Input.To"] = "Refunded", ["Input.Reason"] = "Lost in the post" }, button: "Move order");

        Assert.Equal("Refunded", moved.Find("#order-status")?.TextContent);
        Assert.Equal("Refunded", moved.Find("#payment-state")?.TextContent);
        var refunds = await factory.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == orderId).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([(1000L, RefundStatus.Succeeded), (total - 1000, RefundStatus.Succeeded)], refunds.Select(r => (r.AmountMinor, r.Status)));
        // The admin's own reason, and the admin, as with a refund made from its form: on the order, in the email.
        Assert.Equal("Lost in the post", refunds[1].Reason);
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == ShopFactory.AdminEmail).Select(u => u.Id).SingleAsync());
        Assert.Equal(adminId, refunds[1].RequestedBy);
        Assert.Contains("Lost in the post", factory.Mail.To(email).Last(m => m.Subject!.StartsWith("Refund for your order", StringComparison.Ordinal)).TextBody);
    }

    [Fact]
    public async Task The_shopper_cancelling_a_paid_card_order_gets_it_refunded_in_full()
    {
        var (number, email, orderId, total) = await factory.PaidCardOrderAsync();
        var token = await factory.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.AccessToken).SingleAsync());
        using var shopper = factory.CreateBrowser();
        var page = await shopper.GetAsync($"/orders/{number}?token={token}");

        var cancelled = await shopper.SubmitAsync(page, "#cancel-order", button: "Cancel order");

        Assert.Contains($"Order {number} has been cancelled, and what you paid is being refunded to your card", cancelled.Find("[role=status]")?.TextContent);
        Assert.Equal(OrderStatus.Cancelled, await factory.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync()));
        var refund = Assert.Single(await factory.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == orderId).ToListAsync()));
        Assert.Equal((total, RefundStatus.Succeeded), (refund.AmountMinor, refund.Status));
        Assert.Contains($"Refund for your order {number}", factory.Mail.LatestTo(email).Subject);

        // The audit log, which nothing can change afterwards, says a shopper did it and keeps nothing of theirs.
        var entries = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == number).ToListAsync());
        Assert.NotEmpty(entries);
        Assert.All(entries, a => Assert.Equal(("the shopper", "the shopper", (string?)null), (a.ActorEmail, a.ActorId, a.IpAddress)));
        using var admin = await factory.SignedInAdminAsync();
        var log = await admin.GetAsync($"/admin/audit?entity={number}");
        Assert.Equal("By", log.Document.QuerySelectorAll("#audit thead th")[1].TextContent);
    }

    [Fact]
    public async Task A_flagged_payment_stands_out_and_is_refunded_the_same_way()
    {
        var (number, _, orderId) = await factory.CardOrderAsync();
        var payment = await factory.StartPaymentAsync(orderId);
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/orders/{number}");
        await admin.SubmitAsync(page, "#move", new Dictionary<string, string> { ["Input.To"] = "Cancelled", ["Input.Reason"] = "Shopper phoned" }, button: "Move order");
        Assert.IsType<SignalOutcome.Flagged>(await factory.LatePaidEventAsync(payment.SessionId)); // paid as the order was cancelled

        var flagged = await admin.GetAsync($"/admin/orders/{number}");
        Assert.Contains("Needs attention", flagged.Find("#payment-flag")?.TextContent);
        Assert.NotNull(flagged.Find("#payments tr.flagged"));
        Assert.Equal("Needs attention", flagged.Find("#payment-state")?.TextContent);
        Assert.Contains(number, (await admin.GetAsync("/admin/orders?payment=Flagged")).Find("#orders")?.TextContent);

        var refunded = await admin.SubmitAsync(flagged, "#refund", new Dictionary<string, string> { ["Refund.Reason"] = "Paid after cancelling" }, button: "Refund");

        Assert.Null(refunded.Find("#payment-flag"));
        var refund = Assert.Single(await factory.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == orderId).ToListAsync()));
        Assert.Equal((payment.AmountMinor, RefundStatus.Succeeded), (refund.AmountMinor, refund.Status));
        Assert.DoesNotContain(number, (await admin.GetAsync("/admin/orders?payment=Flagged")).Find("#orders")?.TextContent);
    }

    [Fact]
    public async Task An_order_not_paid_by_card_is_refused_with_a_message_not_an_error()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Cash item", priceMinor: 2000, stock: 5);
        var email = AccountSteps.NewEmail("cash");
        using (var shopper = factory.CreateBrowser())
        {
            await shopper.AddToCartAsync(product);
            await shopper.CheckoutAsync(CheckoutSteps.GuestFields(email));
        }

        var number = await factory.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.Number).SingleAsync());
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/orders/{number}");
        Assert.Null(page.Find("#refund"));
        var token = page.Form("#move").QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("[name='__RequestVerificationToken']")!.Value;

        var answer = await HtmlPage.ReadAsync(await admin.Client.PostAsync($"/admin/orders/{number}?handler=Refund", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Refund.Amount"] = "5.00",
            ["Refund.Reason"] = "Goodwill",
            ["Refund.IdempotencyKey"] = Refunds.NewKey(),
        })));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("not paid by card", answer.Find("[data-valmsg-for='Refund.Amount']")?.TextContent);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Refunds.CountAsync(r => db.Orders.Any(o => o.Id == r.OrderId && o.Number == number))));
    }

    [Fact]
    public async Task A_refund_post_needs_its_antiforgery_token()
    {
        var (number, _, orderId, _) = await factory.PaidCardOrderAsync();
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/orders/{number}");
        var key = page.Form("#refund").QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("[name='Refund.IdempotencyKey']")!.Value;

        var answer = await admin.Client.PostAsync($"/admin/orders/{number}?handler=Refund", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Refund.Amount"] = "5.00",
            ["Refund.Reason"] = "Forged",
            ["Refund.IdempotencyKey"] = key,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Refunds.CountAsync(r => r.OrderId == orderId)));
    }

    private static string Amount(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static async Task<HtmlPage> RefundAsync(ShopBrowser admin, string number, string amount, string reason = "Customer complaint")
    {
        var page = await admin.GetAsync($"/admin/orders/{number}");
        return await admin.SubmitAsync(page, "#refund", new Dictionary<string, string> { ["Refund.Amount"] = amount, ["Refund.Reason"] = reason }, button: "Refund");
    }
}
