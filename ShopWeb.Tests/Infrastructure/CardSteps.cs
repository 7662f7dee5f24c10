using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>A card checkout through the Test provider's hosted page, as a shopper's browser goes through it.</summary>
public static class CardSteps
{
    /// <summary>Checks out the cart by card: the answer is the page the shop sent the browser to (the hosted page).</summary>
    public static Task<HtmlPage> CheckoutByCardAsync(this ShopBrowser browser, string email)
    {
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.Payment"] = "Card";
        return browser.CheckoutAsync(fields);
    }

    /// <summary>Presses "Pay", "Decline" or "Cancel" on the Test provider's page; the answer is where the shop sent the browser back to.</summary>
    public static Task<HtmlPage> PressAsync(this ShopBrowser browser, HtmlPage hosted, string button) =>
        browser.SubmitAsync(hosted, "#test-payment", button: button);

    /// <summary>Presses a button of the order page's form (<c>#pay-now</c> or <c>#cancel-order</c>).</summary>
    public static Task<HtmlPage> OnOrderPageAsync(this ShopBrowser browser, HtmlPage orderPage, string form, string button) =>
        browser.SubmitAsync(orderPage, form, button: button);

    public static string Address(this HtmlPage page) => page.Response.RequestMessage!.RequestUri!.PathAndQuery;

    public static Task<Order> OrderOfAsync(this ShopFactory factory, string email) =>
        factory.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Payments).SingleAsync(o => o.Email == email));
}
