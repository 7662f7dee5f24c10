using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static ShopWeb.E2E.Infrastructure.ShopperSteps;

namespace ShopWeb.E2E.Pages.Products;

/// <summary>
/// With JavaScript off, so without axe (it runs as a script in the page and never answers): the same product and
/// cart pages pass axe in the shopping journeys.
/// </summary>
public sealed class CachedProductPageTests(ShopFixture shop) : BrowserTest(shop)
{
    [Fact]
    public async Task A_visitor_without_javascript_adds_to_the_cart_from_the_copy_of_a_product_page_cached_for_another()
    {
        // A product of this test's own, so that no earlier journey filled the cache with its page: visitor A's
        // visit does. (On the farm the cache is Redis's, which every instance reads.)
        var slug = $"cached-kit-{Guid.NewGuid():N}"[..26];
        var page = $"/products/{slug}";
        await InBrowserAsync(async admin =>
        {
            await AdminSteps.SignInAsAdminAsync(admin);
            await AdminSteps.AddProductAsync(admin, "Cached Kit", slug, "12.00", stock: 10);
        });

        await InBrowserAsync(async a =>
        {
            var response = await a.GotoAsync(page);
            Assert.Equal(200, response!.Status);
            Assert.Null(await response.HeaderValueAsync("age")); // rendered for A
            await Expect(Heading(a)).ToHaveTextAsync("Cached Kit");
        }, javaScriptEnabled: false);

        await InBrowserAsync(async b =>
        {
            var response = await b.GotoAsync(page);

            // The output cache adds Age to what it serves; the shop itself never sends one.
            Assert.NotNull(await response!.HeaderValueAsync("age"));
            await Expect(Heading(b)).ToHaveTextAsync("Cached Kit");
            await b.GetByLabel("Quantity").FillAsync("2");
            await b.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            await Expect(Heading(b)).ToHaveTextAsync("Cart");
            await Expect(b.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added Cached Kit to your cart.");

            // The header counts the cart, on the product page too, which B is now shown rendered for them.
            var cartLink = b.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Cart" });
            await Expect(cartLink).ToHaveAccessibleNameAsync("Cart 2 items");
            var again = await b.GotoAsync(page);
            Assert.Null(await again!.HeaderValueAsync("age"));
            await Expect(cartLink).ToHaveAccessibleNameAsync("Cart 2 items");
            await Expect(cartLink).ToContainTextAsync("2");

            await cartLink.ClickAsync();
            var lines = b.GetByRole(AriaRole.Table).Locator("tbody tr");
            await Expect(lines).ToHaveCountAsync(1);
            await Expect(lines.GetByRole(AriaRole.Link, new() { Name = "Cached Kit" })).ToBeVisibleAsync();
            await Expect(b.GetByRole(AriaRole.Spinbutton, new() { Name = "Quantity of Cached Kit" })).ToHaveValueAsync("2");
        }, javaScriptEnabled: false);
    }
}
