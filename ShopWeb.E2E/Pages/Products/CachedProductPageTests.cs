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
    private const string Slug = "wax-seal-kit";

    [Fact]
    public async Task A_visitor_without_javascript_adds_to_the_cart_from_the_copy_of_a_product_page_cached_for_another()
    {
        // The page cache keeps a copy per query string, so a query of this run's own is a copy no earlier journey
        // filled: visitor A's visit fills it. On the farm, A and B are (round-robin) served by different instances.
        var page = $"/products/{Slug}?from=e2e-{Guid.NewGuid():N}";

        await InBrowserAsync(async a =>
        {
            var response = await a.GotoAsync(page);
            Assert.Equal(200, response!.Status);
            Assert.Null(await response.HeaderValueAsync("age")); // rendered for A
            await Expect(Heading(a)).ToHaveTextAsync("Wax Seal Kit");
        }, javaScriptEnabled: false);

        await InBrowserAsync(async b =>
        {
            var response = await b.GotoAsync(page);

            // The output cache adds Age to what it serves; the shop itself never sends one.
            Assert.NotNull(await response!.HeaderValueAsync("age"));
            await Expect(Heading(b)).ToHaveTextAsync("Wax Seal Kit");
            await b.GetByLabel("Quantity").FillAsync("2");
            await b.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            await Expect(Heading(b)).ToHaveTextAsync("Cart");
            await Expect(b.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added Wax Seal Kit to your cart.");

            await b.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Cart" }).ClickAsync();
            var lines = b.GetByRole(AriaRole.Table).Locator("tbody tr");
            await Expect(lines).ToHaveCountAsync(1);
            await Expect(lines.GetByRole(AriaRole.Link, new() { Name = "Wax Seal Kit" })).ToBeVisibleAsync();
            await Expect(b.GetByRole(AriaRole.Spinbutton, new() { Name = "Quantity of Wax Seal Kit" })).ToHaveValueAsync("2");
        }, javaScriptEnabled: false);
    }
}
