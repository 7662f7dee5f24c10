using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;
using ShopWeb.E2E.Infrastructure.Telemetry;
using ShopWeb.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static ShopWeb.E2E.Infrastructure.ShopperSteps;

namespace ShopWeb.E2E.Pages.Products;

/// <summary>The acceptance journey of variants: "M / Blue" chosen with JavaScript and without, bought, and named on the order and in its email.</summary>
public sealed class VariantJourneyTests(ShopFixture shop) : BrowserTest(shop)
{
    [Fact]
    public async Task A_shopper_picks_M_Blue_with_and_without_javascript_and_buys_it_leaving_L_Red_untouched()
    {
        // A T-shirt of this test's own, straight in the store (the demo catalog's variants are not this test's to rely on).
        var slug = $"tee-{Guid.NewGuid():N}"[..20];
        var ids = await Shop.Site.WithStoreAsync(async db =>
        {
            var tee = TeeShirts.New(await db.Categories.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(), slug, "Journey Tee");
            db.Products.Add(tee);
            await db.SaveChangesAsync();
            return tee.Variants.ToDictionary(v => v.OptionText, v => v.Id);
        });
        var sku = TeeShirts.Sku(slug, "M / Blue");
        var email = TypedPersonalData.Email("tee");

        await InBrowserAsync(async page =>
        {
            await page.GotoAsync($"/products/{slug}");
            await Expect(Heading(page)).ToHaveTextAsync("Journey Tee");
            await Expect(page.Locator("#variant-price")).ToHaveTextAsync("€19.00");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Choose" })).ToBeHiddenAsync(); // the choice is instant
            await page.AssertNoAxeViolationsAsync();
            await page.AssertFitsAPhoneAsync();
            await page.EvaluateAsync("() => window.sameDocument = true");

            await Option(page, "M").CheckAsync();
            await Expect(page.Locator("#variant-price")).ToHaveTextAsync("€21.00");
            await Expect(page.Locator("#variant-image")).ToHaveAttributeAsync("src", TeeShirts.BlueImage);
            await Expect(page.Locator("#variant-image")).ToHaveAttributeAsync("alt", new Regex(@" \(M / Blue\)$"));
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("In stock");
            await Expect(page.GetByText($"SKU {sku}")).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/products/{slug}\\?variant={ids["M / Blue"]}$"));
            Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true")); // no navigation
            await page.AssertNoAxeViolationsAsync();
            await page.AssertFitsAPhoneAsync();

            // M / Red is sold out and S / Red does not exist: neither can be added.
            await Option(page, "Red").CheckAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Sold out");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" })).ToBeHiddenAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"\\?variant={ids["M / Red"]}$"));
            await Option(page, "S").CheckAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Not available in this combination");
            await Expect(page.Locator("#variant-price")).ToBeHiddenAsync(); // no price, as without script: neither the product's nor M / Red's
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" })).ToBeHiddenAsync();
            await page.AssertNoAxeViolationsAsync();
            await page.AssertFitsAPhoneAsync();

            await Option(page, "M").CheckAsync();
            await Option(page, "Blue").CheckAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"\\?variant={ids["M / Blue"]}$"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            await Expect(Heading(page)).ToHaveTextAsync("Cart");
            await Expect(page.GetByRole(AriaRole.Table).Locator("tbody")).ToContainTextAsync($"M / Blue · SKU {sku}");
            await page.AssertNoAxeViolationsAsync();
            await page.AssertFitsAPhoneAsync();

            await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
            await Expect(page.Locator(".order-summary tbody")).ToContainTextAsync($"M / Blue · SKU {sku}");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Your full name").FillAsync(TypedPersonalData.Name("Ada Guest"));
            await FillAddressAsync(page, "Ada Guest", "1 Analytical Row", "London", "N1 9GU", "United Kingdom");
            await page.GetByLabel("Pay on delivery").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
            await Expect(Heading(page)).ToHaveTextAsync("Thank you for your order");

            Assert.Contains($"1 × Journey Tee (M / Blue), SKU {sku}: €21.00", Shop.Site.Mail.TextOfLatestEmail(email));
            await page.GotoAsync(Shop.Site.Mail.LinkInLatestEmail(email, "See your order"));
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = $"Journey Tee M / Blue · SKU {sku}" })).ToBeVisibleAsync();
            await page.AssertNoAxeViolationsAsync();
            await page.AssertFitsAPhoneAsync();
        });

        await InBrowserAsync(async page =>
        {
            await page.GotoAsync($"/products/{slug}");
            await Option(page, "M").CheckAsync();
            await Option(page, "Blue").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Choose" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/products/{slug}\\?variant={ids["M / Blue"]}$"));
            await Expect(page.Locator("#variant-price")).ToHaveTextAsync("€21.00");
            await Expect(page.Locator("#variant-image")).ToHaveAttributeAsync("src", TeeShirts.BlueImage);
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("In stock");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Table).Locator("tbody")).ToContainTextAsync($"M / Blue · SKU {sku}");
        }, javaScriptEnabled: false);

        var stock = await Shop.Site.WithStoreAsync(db => db.ProductVariants.Where(v => v.Id == ids["M / Blue"] || v.Id == ids["L / Red"])
            .ToDictionaryAsync(v => v.Id, v => v.Stock));
        Assert.Equal(4, stock[ids["M / Blue"]]);
        Assert.Equal(7, stock[ids["L / Red"]]); // untouched
    }

    // A value's label may carry a note after it ("Red sold out"), so the name starts with the value.
    private static ILocator Option(IPage page, string value) =>
        page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex($"^{Regex.Escape(value)}( |$)") });
}
