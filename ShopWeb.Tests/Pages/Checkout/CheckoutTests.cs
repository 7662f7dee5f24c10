using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Checkout;

public sealed class CheckoutTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_price_changed_since_the_checkout_page_was_shown_is_said_and_only_a_second_press_orders_at_it()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Repriced Lamp", priceMinor: 2500, stock: 4);
        using var shopper = factory.CreateBrowser();
        await shopper.AddToCartAsync(product);
        var form = await shopper.GetAsync("/checkout");
        await factory.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.PriceMinor, 3900)));
        var email = $"repriced-{product.Slug}@example.com";

        var told = await shopper.SubmitAsync(form, "#checkout", CheckoutSteps.GuestFields(email), button: "Place order");

        Assert.Equal("Checkout", told.Heading);
        Assert.Contains("The prices in your cart changed since this page was shown: your items now come to €39.00. Nothing was ordered.", told.Find("[role=alert]")?.TextContent);
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
        Assert.False(await factory.WithDbAsync(db => db.Orders.AnyAsync(o => o.Email == email)));

        // The page now shows the new prices; pressing again orders at them.
        var placed = await shopper.SubmitAsync(told, "#checkout", CheckoutSteps.GuestFields(email), button: "Place order");
        Assert.Equal("Thank you for your order", placed.Heading);
        Assert.Equal(3900, await factory.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.SubtotalMinor).SingleAsync()));
    }

    [Fact]
    public async Task A_product_taken_off_sale_after_it_went_in_the_cart_is_named_and_nothing_is_ordered()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Withdrawn Lamp", stock: 4);
        using var shopper = factory.CreateBrowser();
        await shopper.AddToCartAsync(product);
        var form = await shopper.GetAsync("/checkout");
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.IsOnSale, false)));

        var page = await shopper.SubmitAsync(form, "#checkout", CheckoutSteps.GuestFields($"withdrawn-{product.Slug}@example.com"), button: "Place order");

        Assert.Equal("Checkout", page.Heading);
        Assert.Contains("Withdrawn Lamp is no longer on sale. Remove it from your cart", page.Find("[role=alert]")?.TextContent);
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task A_guest_places_an_order_that_takes_stock_empties_the_cart_and_keeps_its_own_address()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", priceMinor: 1250, stock: 10);
        var email = AccountSteps.NewEmail("guest");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug, 2);

        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.Shipping"] = "Express";
        var confirmation = await browser.CheckoutAsync(fields);

        Assert.Equal("Thank you for your order", confirmation.Heading);
        var order = await factory.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Email == email));
        Assert.Contains(order.Number, confirmation.Find("[role=status]")?.TextContent);
        Assert.Equal((2500, 990, 3490), (order.SubtotalMinor, order.ShippingMinor, order.TotalMinor));
        Assert.Equal((OrderStatus.AwaitingPayment, PaymentMethod.PayOnDelivery), (order.Status, order.Payment));
        Assert.Equal(("1 Analytical Row", "N1 9GU", "GB"), (order.Line1, order.PostalCode, order.Country));
        Assert.Contains("1 Analytical Row", confirmation.Find("#shipping-address")?.TextContent); // where it goes, said at once
        Assert.Null(order.UserId);
        Assert.Equal(8, await factory.StockOfAsync(jug.Id));
        Assert.Contains("Your cart is empty", (await browser.GetAsync("/cart")).Find("main")?.TextContent);

        var mail = factory.Mail.LatestTo(email);
        Assert.Contains(order.Number, mail.Subject);
        var link = Mailbox.Link(mail, "See your order");
        Assert.Contains("token=", link.Query);
        using var fromEmail = factory.CreateBrowser();
        var details = await fromEmail.GetAsync(link.PathAndQuery);
        Assert.Equal($"Order {order.Number}", details.Heading);
        Assert.Equal(HttpStatusCode.NotFound, (await fromEmail.GetAsync($"/orders/{order.Number}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fromEmail.GetAsync($"/orders/{order.Number}?token=wrong")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fromEmail.GetAsync("/orders/%20")).Status);
    }

    [Fact]
    public async Task A_bank_transfer_order_names_the_shops_account_beside_its_reference_on_each_page_and_in_the_email()
    {
        const string account = "ShopWeb Ltd, IBAN GB33 BUKB 2020 1555 5555 55, BIC BUKBGB22";
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Payments:BankTransferTo"] = account });
        var jug = await shop.CreateProductAsync(await shop.CreateCategoryAsync(), "Jug", priceMinor: 1250, stock: 10);
        var email = AccountSteps.NewEmail("transfer");
        using var browser = shop.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.Payment"] = "BankTransfer";
        fields["Input.Address.Line2"] = "Flat 5";
        fields["Input.Address.Region"] = "Greater London";

        var confirmation = await browser.CheckoutAsync(fields);

        Assert.Equal("Pay to: " + account, confirmation.Find("#pay-to")?.TextContent);
        var number = await shop.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.Number).SingleAsync());
        Assert.Contains($"with reference {number}", shop.Mail.LatestTo(email).TextBody);
        Assert.Contains("Pay to: " + account, shop.Mail.LatestTo(email).TextBody);
        Assert.Contains("Shipping to: Ada Guest, 1 Analytical Row, Flat 5, N1 9GU London, Greater London, United Kingdom", shop.Mail.LatestTo(email).TextBody);
        var link = Mailbox.Link(shop.Mail.LatestTo(email), "See your order");
        var order = await browser.GetAsync(link.PathAndQuery);
        Assert.Equal("Pay to: " + account, order.Find("#pay-to")?.TextContent);

        // Cancelled, it is no longer waiting for a transfer: the confirmation, opened again, asks for none.
        await browser.SubmitAsync(order, "#cancel-order", button: "Cancel order");
        var again = await browser.GetAsync(confirmation.Response.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Null(again.Find("#pay-to"));
        Assert.DoesNotContain("Please transfer", again.Document.Body!.TextContent);
    }

    [Fact]
    public async Task The_countries_are_listed_as_a_reader_looks_for_them()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", priceMinor: 1250, stock: 10);
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);

        var names = (await browser.GetAsync("/checkout")).Document.QuerySelectorAll("select[name='Input.Address.Country'] option")
            .Select(o => o.TextContent.Trim()).ToList();

        // Accents and case do not move a name to the end: Åland Islands among the A's, Côte d'Ivoire before Czechia.
        Assert.InRange(names.IndexOf("Åland Islands"), 0, names.IndexOf("Albania") - 1);
        Assert.InRange(names.FindIndex(n => n.StartsWith("Côte", StringComparison.Ordinal)), 0, names.IndexOf("Czechia") - 1);
    }

    [Fact]
    public async Task Posted_prices_and_totals_are_ignored_the_server_computes_them()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", priceMinor: 6000, stock: 10);
        var email = AccountSteps.NewEmail("guest");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var page = await browser.GetAsync("/checkout");
        var fields = CheckoutSteps.GuestFields(email);
        fields["__RequestVerificationToken"] = page.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields["Input.IdempotencyKey"] = page.Find("#Input_IdempotencyKey")!.GetAttribute("value")!;
        fields["TotalMinor"] = "1";
        fields["Input.TotalMinor"] = "1";
        fields["Lines[0].UnitPriceMinor"] = "1";

        await browser.Client.PostAsync("/checkout", new FormUrlEncodedContent(fields));

        var order = await factory.WithDbAsync(db => db.Orders.SingleAsync(o => o.Email == email));
        Assert.Equal((6000, 0, 6000), (order.SubtotalMinor, order.ShippingMinor, order.TotalMinor)); // standard shipping is free from €50
    }

    [Fact]
    public async Task An_empty_form_lists_its_problems_at_the_top_in_the_order_of_their_fields()
    {
        var jug = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Jug", stock: 5);
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);

        var page = await browser.CheckoutAsync(new Dictionary<string, string>());

        var targets = page.Document.QuerySelectorAll("#error-summary a").Select(a => a.GetAttribute("href")!.TrimStart('#')).ToList();
        Assert.Equal(["Input_Email", "Input_FullName", "Input_Address_Name", "Input_Address_Line1", "Input_Address_City", "Input_Address_PostalCode", "Input_Address_Country"], targets);
        var onPage = page.Document.QuerySelectorAll("[id]").Select(e => e.Id ?? "").Where(targets.Contains).ToList();
        Assert.Equal(onPage, targets); // as a reader meets the fields
    }

    [Theory]
    [InlineData("Input.Address.Country", "ZZ", "Choose a country from the list.")]
    [InlineData("Input.Email", "", "Enter your email address")]
    [InlineData("Input.Email", "a,b@example.com", "Enter an email address")]
    [InlineData("Input.Email", "\"a@example.com", "Enter an email address")]
    [InlineData("Input.Shipping", "Teleport", "")]
    [InlineData("Input.Shipping", "7", "is invalid")]
    [InlineData("Input.Payment", "Card", "not offered")] // no card provider here: CardCheckoutTests has one
    public async Task Bad_checkout_input_returns_the_form_with_a_message_and_orders_nothing(string field, string value, string message)
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 5);
        var email = AccountSteps.NewEmail("guest");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var fields = CheckoutSteps.GuestFields(email);
        fields[field] = value;

        var page = await browser.CheckoutAsync(fields);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Checkout", page.Heading);
        Assert.Contains(message, page.Find($"[data-valmsg-for='{field}']")?.TextContent ?? "");
        Assert.False(string.IsNullOrWhiteSpace(page.Find($"[data-valmsg-for='{field}']")?.TextContent));
        // Said at the top too, focused as the page comes back, with a link to the field: no scrolling on a phone to find it.
        var summary = page.Find("#error-summary[role=alert][autofocus]");
        Assert.NotNull(summary);
        var link = summary.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == page.Find($"[data-valmsg-for='{field}']")!.TextContent.Trim());
        Assert.NotNull(page.Document.GetElementById(link.GetAttribute("href")!.TrimStart('#')));
        Assert.Equal(5, await factory.StockOfAsync(jug.Id));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Orders.CountAsync(o => o.Email == email)));
    }

    [Fact]
    public async Task Another_browser_replaying_a_guest_form_does_not_reach_that_order()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 10);
        var email = AccountSteps.NewEmail("guest");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var form = await browser.GetAsync("/checkout");
        await browser.SubmitAsync(form, "#checkout", CheckoutSteps.GuestFields(email), button: "Place order");

        using var replayer = factory.CreateBrowser();
        await replayer.AddToCartAsync(jug);
        var own = await replayer.GetAsync("/checkout");
        var fields = CheckoutSteps.GuestFields(AccountSteps.NewEmail("replayer"));
        fields["Input.IdempotencyKey"] = form.Find("#Input_IdempotencyKey")!.GetAttribute("value")!;
        var replayed = await replayer.SubmitAsync(own, "#checkout", fields, button: "Place order");

        Assert.Equal("Checkout", replayed.Heading);
        Assert.Contains("already used", replayed.Find("[role=alert]")?.TextContent);
        Assert.DoesNotContain(email, replayed.Body);
    }

    [Fact]
    public async Task Ticking_the_boxes_at_checkout_turns_the_choices_on_for_the_account_too()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 10);
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.AddToCartAsync(jug);
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.SaveContactDetails"] = "true";
        fields["Input.SaveShippingAddresses"] = "true";

        await browser.CheckoutAsync(fields);

        var profile = await browser.GetAsync("/account/profile");
        Assert.NotNull(profile.Find("#Input_SaveContactDetails")?.GetAttribute("checked"));
        Assert.NotNull(profile.Find("#Input_SaveShippingAddresses")?.GetAttribute("checked"));
        Assert.Equal("Ada Guest", profile.Find("#Input_Contact_FullName")?.GetAttribute("value"));

        // And unticking them at the next checkout erases what was saved.
        await browser.AddToCartAsync(jug);
        var unticked = CheckoutSteps.GuestFields(email);
        unticked["Input.SaveContactDetails"] = "false";
        unticked["Input.SaveShippingAddresses"] = "false";
        var confirmation = await browser.CheckoutAsync(unticked);
        Assert.Equal(["Your contact details have been erased. Your saved address has been erased."],
            confirmation.Document.QuerySelectorAll("[role=status]").Select(s => s.TextContent).Where(t => t.Contains("erased")));
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        Assert.Equal((0, 0, 4), await StoredAsync(userId));
        Assert.Null((await browser.GetAsync("/account/profile")).Find("#Input_SaveShippingAddresses")?.GetAttribute("checked"));
    }

    [Fact]
    public async Task The_same_form_submitted_twice_makes_one_order()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 10);
        var email = AccountSteps.NewEmail("guest");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug, 3);
        var form = await browser.GetAsync("/checkout");

        var first = browser.SubmitAsync(form, "#checkout", CheckoutSteps.GuestFields(email), button: "Place order");
        var second = browser.SubmitAsync(form, "#checkout", CheckoutSteps.GuestFields(email), button: "Place order");
        var pages = await Task.WhenAll(first, second);
        var refresh = await browser.SubmitAsync(form, "#checkout", CheckoutSteps.GuestFields(email), button: "Place order");

        Assert.All(pages.Append(refresh), p => Assert.Equal("Thank you for your order", p.Heading));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Orders.CountAsync(o => o.Email == email)));
        Assert.Equal(7, await factory.StockOfAsync(jug.Id));
    }

    [Fact]
    public async Task Cancelling_restores_the_stock_once_and_another_shoppers_order_is_a_404()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 10);
        var (owner, email) = await factory.SignedInShopperAsync();
        using var _ = owner;
        await owner.AddToCartAsync(jug, 4);
        var fields = CheckoutSteps.GuestFields(email);
        await owner.CheckoutAsync(fields);
        var number = await factory.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.Number).SingleAsync());
        Assert.Equal(6, await factory.StockOfAsync(jug.Id));

        var (other, _) = await factory.SignedInShopperAsync();
        using var __ = other;
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/orders/{number}")).Status);
        Assert.DoesNotContain(number, (await other.GetAsync("/orders")).Body);

        var list = await owner.GetAsync("/orders");
        Assert.Contains(number, list.Find("table.cart")?.TextContent);
        var details = await owner.GetAsync($"/orders/{number}");
        Assert.Equal("Cancel this order…", details.Find("details.confirm-step:not([open]) > summary")?.TextContent); // a step first, with no script
        Assert.Contains("cannot be undone", details.Find("details.confirm-step #cancel-order")?.TextContent);
        var cancelled = await owner.SubmitAsync(details, "#cancel-order", button: "Cancel order");
        Assert.Contains("has been cancelled", cancelled.Find("[role=status]")?.TextContent);
        Assert.Null(cancelled.Find("#cancel-order"));
        var again = await owner.SubmitAsync(details, "#cancel-order", button: "Cancel order");
        Assert.Contains("can no longer be cancelled", again.Find("[role=status]")?.TextContent);
        Assert.Equal(10, await factory.StockOfAsync(jug.Id));

        var foreignCancel = await other.SubmitAsync(details, "#cancel-order");
        Assert.True(foreignCancel.Status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_shopper_with_saved_details_finds_the_checkout_filled_and_the_order_under_orders()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 10);
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: true, "Zoë Martin", "+33 4 72 00 00 00");
        await browser.AddAddressAsync();
        await browser.AddAddressAsync("3 Quai Perrache");
        await browser.AddToCartAsync(jug);

        var form = await browser.GetAsync("/checkout");
        Assert.Equal(email, form.Find("#Input_Email")?.GetAttribute("value"));
        Assert.Equal("Zoë Martin", form.Find("#Input_FullName")?.GetAttribute("value"));
        Assert.Equal("12 Rue des Lilas", form.Find("#Input_Address_Line1")?.GetAttribute("value"));
        Assert.NotNull(form.Find("#Input_SaveContactDetails")?.GetAttribute("checked"));
        var other = await browser.GetAsync(form.Document.QuerySelectorAll(".saved-addresses a").Single(a => a.TextContent.Contains("Quai", StringComparison.Ordinal)).GetAttribute("href")!);
        Assert.Equal("3 Quai Perrache", other.Find("#Input_Address_Line1")?.GetAttribute("value"));

        var done = await browser.SubmitAsync(other, "#checkout", button: "Place order");
        Assert.Equal("Thank you for your order", done.Heading);
        var order = await factory.WithDbAsync(db => db.Orders.SingleAsync(o => o.Email == email));
        Assert.Equal("3 Quai Perrache", order.Line1);
        Assert.Contains(order.Number, (await browser.GetAsync("/orders")).Body);
        Assert.Equal(2, await factory.WithDbAsync(db => db.SavedAddresses.CountAsync(a => a.UserId == order.UserId)));
    }

    [Fact]
    public async Task A_shopper_without_saved_details_types_them_and_nothing_is_kept_unless_a_box_is_ticked()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 10);
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        await browser.AddToCartAsync(jug);

        var form = await browser.GetAsync("/checkout");
        Assert.Equal("", form.Find("#Input_FullName")?.GetAttribute("value") ?? "");
        Assert.Equal("", form.Find("#Input_Address_Line1")?.GetAttribute("value") ?? "");
        Assert.Null(form.Find("#Input_SaveShippingAddresses")?.GetAttribute("checked"));
        await browser.SubmitAsync(form, "#checkout", CheckoutSteps.GuestFields(email), button: "Place order");
        Assert.Equal((0, 0, 0), await StoredAsync(userId));

        await browser.AddToCartAsync(jug);
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.SaveShippingAddresses"] = "true";
        await browser.CheckoutAsync(fields);
        Assert.Equal((0, 1, 1), await StoredAsync(userId));
        var record = await factory.WithDbAsync(db => db.ConsentRecords.SingleAsync(r => r.UserId == userId));
        Assert.Equal(("/checkout", true, DetailsChoice.ShippingAddresses), (record.Page, record.Granted, record.Choice));
    }

    [Fact]
    public async Task Deleting_an_account_keeps_its_orders_without_personal_details()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 10);
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.AddToCartAsync(jug);
        await browser.CheckoutAsync(CheckoutSteps.GuestFields(email));
        var number = await factory.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.Number).SingleAsync());

        // While the order is on its way the account stays: the order would lose the address it ships to.
        var refused = await browser.GetAsync("/account/delete");
        Assert.Contains($"Your account cannot be deleted while an order is on the way ({number})", refused.Find("#orders-in-progress")?.TextContent);
        Assert.Null(refused.Find("#delete-account"));
        await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == number).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered)));

        var form = await browser.GetAsync("/account/delete");
        await browser.SubmitAsync(form, "#delete-account", new Dictionary<string, string> { ["Input.Password"] = AccountSteps.Password }, button: "Delete my account");

        var order = await factory.WithDbAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Number == number));
        var deletion = await factory.WithDbAsync(db => db.AccountDeletions.SingleAsync(d => d.Marker == order.FullName));
        Assert.Null(order.UserId);
        Assert.StartsWith("deleted-", order.FullName);
        Assert.Equal(order.FullName + "@invalid", order.Email);
        Assert.Equal((order.FullName, order.FullName, order.FullName), (order.ShipName, order.Line1, order.City));
        Assert.Null(order.Phone);
        Assert.Equal(1, deletion.OrdersAnonymised);
        Assert.Single(order.Lines);
    }

    private Task<(int Contacts, int Addresses, int Ledger)> StoredAsync(string userId) => factory.WithDbAsync(async db => (
        await db.SavedContacts.CountAsync(c => c.UserId == userId),
        await db.SavedAddresses.CountAsync(a => a.UserId == userId),
        await db.ConsentRecords.CountAsync(r => r.UserId == userId)));
}
