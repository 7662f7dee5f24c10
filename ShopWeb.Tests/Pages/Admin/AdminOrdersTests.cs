using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

public sealed class AdminOrdersTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Paid_then_shipped_emails_the_shopper_and_every_move_is_audited()
    {
        var (number, email, _) = await PlaceOrderAsync(quantity: 2);
        using var admin = await factory.SignedInAdminAsync();

        var paid = await MoveAsync(admin, number, "Paid");
        Assert.Equal("Paid", paid.Find("#order-status")?.TextContent);
        var shipped = await MoveAsync(admin, number, "Shipped");
        Assert.Equal("Shipped", shipped.Find("#order-status")?.TextContent);

        var mail = factory.Mail.LatestTo(email);
        Assert.Contains($"Your order {number} has shipped", mail.Subject);
        var audit = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == number).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["order.status", "order.status"], audit.Select(a => a.Action));
        Assert.Contains("AwaitingPayment", audit[0].Before);
        Assert.Contains("Shipped", audit[1].After);
    }

    [Fact]
    public async Task An_order_paid_on_delivery_ships_unpaid_and_a_bank_transfer_only_once_paid()
    {
        var (onDelivery, email, _) = await PlaceOrderAsync(quantity: 1);
        var (byTransfer, _, _) = await PlaceOrderAsync(quantity: 1, payment: "BankTransfer");
        using var admin = await factory.SignedInAdminAsync();

        Assert.Equal(["Shipped", "Paid", "Cancelled"], await MovesOfferedAsync(admin, onDelivery));
        Assert.Equal(["Paid", "Cancelled"], await MovesOfferedAsync(admin, byTransfer));
        var revenueBefore = await PaidOnDashboardAsync(admin);

        var shipped = await MoveAsync(admin, onDelivery, "Shipped");
        Assert.Equal("Shipped", shipped.Find("#order-status")?.TextContent);
        Assert.Equal("Awaiting payment", shipped.Find("#payment-state")?.TextContent); // at the door, not before
        Assert.Contains(onDelivery, (await admin.GetAsync($"/admin/orders?payment=Unpaid&q={onDelivery}")).Find("#orders")?.TextContent); // the list's filter agrees
        Assert.Contains($"Your order {onDelivery} has shipped", factory.Mail.LatestTo(email).Subject);
        Assert.Equal(revenueBefore, await PaidOnDashboardAsync(admin)); // its money comes at the door
        Assert.Equal(["Delivered"], await MovesOfferedAsync(admin, onDelivery)); // nothing collected yet, so nothing to refund
        await MoveAsync(admin, onDelivery, "Refunded", reason: "a crafted move");
        Assert.Equal(OrderStatus.Shipped, await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == onDelivery).Select(o => o.Status).SingleAsync()));
        await MoveAsync(admin, onDelivery, "Delivered");
        Assert.NotEqual(revenueBefore, await PaidOnDashboardAsync(admin));

        await MoveAsync(admin, byTransfer, "Shipped"); // a crafted move: the transfer has not come
        Assert.Equal(OrderStatus.AwaitingPayment, await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == byTransfer).Select(o => o.Status).SingleAsync()));
    }

    [Fact]
    public async Task An_order_paid_on_delivery_that_was_marked_paid_before_it_shipped_stays_paid_and_refundable()
    {
        var (number, _, _) = await PlaceOrderAsync(quantity: 1);
        using var admin = await factory.SignedInAdminAsync();
        await MoveAsync(admin, number, "Paid"); // paid at the counter
        var revenuePaid = await PaidOnDashboardAsync(admin);

        var shipped = await MoveAsync(admin, number, "Shipped");

        Assert.Equal("Shipped", shipped.Find("#order-status")?.TextContent);
        Assert.Equal("Paid", shipped.Find("#payment-state")?.TextContent);
        Assert.Equal(["Delivered", "Refunded"], await MovesOfferedAsync(admin, number));
        Assert.Equal(revenuePaid, await PaidOnDashboardAsync(admin));
        Assert.Contains(number, (await admin.GetAsync($"/admin/orders?payment=Paid&q={number}")).Find("#orders")?.TextContent);
        var token = await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.AccessToken).SingleAsync());
        using var guest = factory.CreateBrowser();
        var guestPage = (await guest.GetAsync($"/orders/{number}?token={token}")).Document.Body!.TextContent;
        Assert.Contains(number, guestPage);
        Assert.DoesNotContain("Awaiting payment", guestPage); // not asked to pay again at the door
    }

    [Fact]
    public async Task A_bank_transfer_that_came_in_is_not_cancelled_as_if_unpaid_the_admin_records_its_refund()
    {
        var (number, _, productId) = await PlaceOrderAsync(quantity: 1, payment: "BankTransfer");
        var token = await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.AccessToken).SingleAsync());
        using var shopper = factory.CreateBrowser();
        var unpaid = await shopper.GetAsync($"/orders/{number}?token={token}");
        Assert.NotNull(unpaid.Find("#cancel-order")); // unpaid, it may still be cancelled
        using var admin = await factory.SignedInAdminAsync();
        await MoveAsync(admin, number, "Paid"); // the transfer came in

        var refused = await shopper.SubmitAsync(unpaid, "#cancel-order", button: "Cancel order");

        Assert.Contains("can no longer be cancelled", refused.Find(".status-message")?.TextContent);
        Assert.Null(refused.Find("#cancel-order"));
        Assert.Contains("ask the shop", refused.Document.Body!.TextContent);
        Assert.Equal(OrderStatus.Paid, await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.Status).SingleAsync()));
        Assert.Equal(9, await factory.StockOfAsync(productId));
        Assert.Equal(["Shipped", "Refunded"], await MovesOfferedAsync(admin, number)); // not Cancelled: that would read "not paid"
        await MoveAsync(admin, number, "Cancelled", reason: "a crafted move");
        Assert.Equal(OrderStatus.Paid, await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.Status).SingleAsync()));

        var refunded = await MoveAsync(admin, number, "Refunded", reason: "Transfer sent back at the shopper's request");

        Assert.Equal("Refunded", refunded.Find("#order-status")?.TextContent);
        Assert.Equal("Refunded", refunded.Find("#payment-state")?.TextContent);
        Assert.Equal(10, await factory.StockOfAsync(productId));
    }

    [Fact]
    public async Task Cancelling_needs_a_reason_and_returns_the_stock()
    {
        var (number, _, productId) = await PlaceOrderAsync(quantity: 3);
        Assert.Equal(7, await factory.StockOfAsync(productId));
        using var admin = await factory.SignedInAdminAsync();

        var noReason = await MoveAsync(admin, number, "Cancelled", reason: "");
        Assert.Contains("Give a reason", noReason.Find("[data-valmsg-for='Input.Reason']")?.TextContent);
        Assert.Equal(7, await factory.StockOfAsync(productId));

        var cancelled = await MoveAsync(admin, number, "Cancelled", reason: "Customer phoned to cancel");
        Assert.Equal("Cancelled", cancelled.Find("#order-status")?.TextContent);
        Assert.Equal(10, await factory.StockOfAsync(productId));
        Assert.Equal("Customer phoned to cancel", await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == number).Select(a => a.Reason).SingleAsync()));
    }

    [Theory]
    [InlineData("AwaitingPayment")]
    [InlineData("Delivered")]
    [InlineData("Teleported")]
    public async Task An_illegal_move_is_refused(string to)
    {
        var (number, _, _) = await PlaceOrderAsync(quantity: 1);
        using var admin = await factory.SignedInAdminAsync();
        await MoveAsync(admin, number, "Paid");
        await MoveAsync(admin, number, "Shipped");
        await MoveAsync(admin, number, "Delivered");

        var page = await MoveAsync(admin, number, to);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(OrderStatus.Delivered, await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_list_filters_by_status_and_email_and_exports_csv()
    {
        var (number, email, _) = await PlaceOrderAsync(quantity: 1);
        using var admin = await factory.SignedInAdminAsync();

        var byEmail = await admin.GetAsync($"/admin/orders?q={Uri.EscapeDataString(email)}");
        Assert.Single(byEmail.Document.QuerySelectorAll("#orders tbody tr"));
        Assert.StartsWith("1 order, page 1 of 1", byEmail.Find(".result-count")?.TextContent);
        Assert.Contains(number, byEmail.Find("#orders")?.TextContent);
        // Found by the whole address, shown masked as in the customer list: the order's own page has it for fulfilment.
        Assert.DoesNotContain(email, byEmail.Find("#orders")?.TextContent);
        Assert.Contains(ShopWeb.Admin.Masking.Email(email), byEmail.Find("#orders")?.TextContent);
        Assert.DoesNotContain(number, (await admin.GetAsync("/admin/orders?status=Shipped")).Find("#orders")?.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/orders?status=<x>&from=never&to=2026-99-99&page=-4")).Status);
        var allTime = await admin.GetAsync($"/admin/orders?from=0001-01-01&to=9999-12-31&q={Uri.EscapeDataString(email)}");
        Assert.Contains(number, allTime.Find("#orders")?.TextContent);

        var csv = await admin.Client.GetAsync($"/admin/orders?handler=Export&q={Uri.EscapeDataString(email)}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.True(csv.Headers.CacheControl?.NoStore, "shoppers' details kept by a cache on the way");
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n");
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"\"{number}\"", lines[1]);
    }

    [Fact]
    public async Task A_filter_that_means_nothing_is_said_not_silently_dropped()
    {
        using var admin = await factory.SignedInAdminAsync();

        var bad = await admin.GetAsync("/admin/orders?from=2026-13-45&to=xyz&status=Bogus&payment=Paid");
        var good = await admin.GetAsync("/admin/orders?from=2026-01-01&status=Paid");

        var said = bad.Document.QuerySelectorAll("#ignored-filters p").Select(p => p.TextContent).ToList();
        Assert.Equal(3, said.Count);
        Assert.Equal("Status \"Bogus\" means nothing here, so the list is not filtered by it.", said[0]);
        Assert.StartsWith("From \"2026-13-45\" means nothing here, so the list is not filtered by it: give a date", said[1]);
        Assert.Null(good.Find("#ignored-filters"));
    }

    [Theory]
    [InlineData("status=Paid,Shipped", "Status \"Paid,Shipped\"")] // Enum.TryParse would make it 1|2: Delivered
    [InlineData("payment=Paid,PartlyRefunded", "Payment \"Paid,PartlyRefunded\"")]
    [InlineData("status=3", "Status \"3\"")]
    public async Task A_list_of_names_or_a_number_is_no_status_and_is_said_so(string query, string said)
    {
        using var admin = await factory.SignedInAdminAsync();

        var page = await admin.GetAsync("/admin/orders?" + query);

        Assert.Equal([$"{said} means nothing here, so the list is not filtered by it."], page.Document.QuerySelectorAll("#ignored-filters p").Select(p => p.TextContent));
        Assert.Empty(page.Document.QuerySelectorAll("#status option[selected], #payment option[selected]")); // "Any", as the list is
    }

    [Fact]
    public async Task A_status_in_another_case_filters_and_stays_chosen_in_the_form()
    {
        using var admin = await factory.SignedInAdminAsync();

        var page = await admin.GetAsync("/admin/orders?status=shipped&payment=paid");

        Assert.Null(page.Find("#ignored-filters"));
        Assert.Equal("Shipped", page.Find("#status option[selected]")?.GetAttribute("value"));
        Assert.Equal("Paid", page.Find("#payment option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task The_dashboard_figures_match_the_orders_and_the_chart_renders()
    {
        using var fresh = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" });
        var category = await fresh.CreateCategoryAsync();
        var product = await fresh.CreateProductAsync(category, "Dashboard Item", priceMinor: 6000, stock: 20);
        foreach (var quantity in new[] { 1, 2 })
        {
            using var shopper = fresh.CreateBrowser();
            await shopper.AddToCartAsync(product, quantity);
            await shopper.CheckoutAsync(CheckoutSteps.GuestFields(AccountSteps.NewEmail("guest")));
        }

        using var admin = fresh.CreateBrowser();
        await admin.SignInAsync(ShopFactory.AdminEmail, ShopFactory.AdminPassword);
        var dashboard = await admin.GetAsync("/admin");

        var sales = dashboard.Document.QuerySelectorAll("#sales dd").Select(d => d.TextContent).ToList();
        Assert.Equal("€180.00 from 2 orders", sales[0]); // 60 + 120, standard shipping free from €50
        Assert.Equal("€180.00 from 2 orders", sales[2]);
        Assert.Contains("Awaiting payment: 2", dashboard.Find("#by-status")?.TextContent);
        Assert.Equal(30, dashboard.Document.QuerySelectorAll("svg.chart rect").Length);
        Assert.Equal("img", dashboard.Find("svg.chart")?.GetAttribute("role"));
        Assert.Equal(30, dashboard.Document.QuerySelectorAll("#daily-revenue tbody tr").Length);
        Assert.Equal("€180.00", dashboard.Document.QuerySelectorAll("#daily-revenue tbody tr").Last().QuerySelectorAll("td")[1].TextContent);
    }

    private static async Task<string[]> MovesOfferedAsync(ShopBrowser admin, string number) =>
        [.. (await admin.GetAsync($"/admin/orders/{number}")).Document.QuerySelectorAll("#move select[name='Input.To'] option").Select(o => o.GetAttribute("value") ?? "")];

    private static async Task<string?> PaidOnDashboardAsync(ShopBrowser admin) => (await admin.GetAsync("/admin")).Find("#money")?.TextContent;

    private async Task<(string Number, string Email, int ProductId)> PlaceOrderAsync(int quantity, string payment = "PayOnDelivery")
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Orderable", priceMinor: 1500, stock: 10);
        var email = AccountSteps.NewEmail("buyer");
        using var shopper = factory.CreateBrowser();
        await shopper.AddToCartAsync(product, quantity);
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.Payment"] = payment;
        await shopper.CheckoutAsync(fields);
        var number = await factory.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.Number).SingleAsync());
        return (number, email, product.Id);
    }

    private static async Task<HtmlPage> MoveAsync(ShopBrowser admin, string number, string to, string reason = "")
    {
        var page = await admin.GetAsync($"/admin/orders/{number}");
        return await admin.SubmitAsync(page, "#move", new Dictionary<string, string> { ["Input.To"] = to, ["Input.Reason"] = reason }, button: "Move order");
    }
}
