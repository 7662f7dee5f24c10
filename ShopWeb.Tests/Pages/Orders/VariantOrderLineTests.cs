using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Orders;

/// <summary>A variant bought: its option text and SKU on the cart, checkout, confirmation, order page and email, from the line's own copy.</summary>
public sealed class VariantOrderLineTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task M_Blue_is_named_with_its_SKU_from_cart_to_email_and_its_order_outlives_the_variant()
    {
        var tee = await factory.CreateTeeAsync();
        var mBlue = tee.Variants.Single(v => v.OptionText == "M / Blue");
        var lRed = tee.Variants.Single(v => v.OptionText == "L / Red");
        var sku = TeeShirts.Sku(tee.Slug, "M / Blue");
        var email = AccountSteps.NewEmail("tee");
        using var browser = factory.CreateBrowser();

        var product = await browser.GetAsync($"/products/{tee.Slug}?variant={mBlue.Id}");
        var cart = await browser.SubmitAsync(product, "#add-to-cart", new Dictionary<string, string> { ["quantity"] = "2" }, button: "Add to cart");
        Assert.Contains($"M / Blue · SKU {sku}", cart.Find("table.cart tbody")?.TextContent);
        Assert.NotNull(cart.Find("button[aria-label='Remove Test Tee (M / Blue)']"));

        var checkout = await browser.GetAsync("/checkout");
        Assert.Contains($"M / Blue · SKU {sku}", checkout.Find(".order-summary tbody")?.TextContent);
        var confirmation = await browser.CheckoutAsync(CheckoutSteps.GuestFields(email));
        Assert.Equal("Thank you for your order", confirmation.Heading);
        var confirmed = confirmation.Find("table.cart tbody tr")?.TextContent;
        Assert.Contains($"Test TeeM / Blue · SKU {sku}€21.002€42.00", confirmed); // the line as the order page shows it: price, quantity, total

        var mail = factory.Mail.LatestTo(email);
        Assert.Contains($"2 × Test Tee (M / Blue), SKU {sku}: €42.00", mail.TextBody);
        Assert.Contains($"2 × Test Tee (M / Blue), SKU {sku}: €42.00", new AngleSharp.Html.Parser.HtmlParser().ParseDocument(mail.HtmlBody ?? "").Body?.TextContent);
        var orderPage = Mailbox.Link(mail, "See your order").PathAndQuery;
        using var reader = factory.CreateBrowser();
        var order = await reader.GetAsync(orderPage);
        Assert.Contains($"M / Blue · SKU {sku}", order.Find("table.cart tbody")?.TextContent);
        Assert.Equal((3, 7), (await StockAsync(mBlue.Id), await StockAsync(lRed.Id))); // L / Red untouched

        // The variant deleted afterwards (its order lines keep their copy; the link to it is set to null).
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.Id == mBlue.Id).ExecuteDeleteAsync());
        var after = await reader.GetAsync(orderPage);
        Assert.Equal(order.Find("table.cart")?.OuterHtml, after.Find("table.cart")?.OuterHtml);
    }

    private Task<int> StockAsync(int variantId) =>
        factory.WithDbAsync(db => db.ProductVariants.Where(v => v.Id == variantId).Select(v => v.Stock).SingleAsync());
}
