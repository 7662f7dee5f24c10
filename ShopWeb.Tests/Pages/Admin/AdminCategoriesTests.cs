using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

public sealed class AdminCategoriesTests(AdminCategoriesTests.Shop factory) : IClassFixture<AdminCategoriesTests.Shop>
{
    /// <summary>A shop where a product can arrive in a category right after the delete page checked it had none.</summary>
    public sealed class Shop() : ShopFactory(settings: null, services: services => AddStoreInterceptor(services, AfterCheck))
    {
        public static readonly AfterRead AfterCheck = new("FROM \"Products\"");
    }

    [Fact]
    public async Task A_product_saved_into_a_category_while_it_is_deleted_keeps_it_and_the_admin_is_told_why()
    {
        var category = await factory.CreateCategoryAsync();
        using var admin = await factory.SignedInAdminAsync();
        var list = await admin.GetAsync("/admin/categories");
        Shop.AfterCheck.Then = () => factory.CreateProductAsync(category, "Late Kettle");

        var answer = await admin.SubmitAsync(list, $"form:has(button[aria-label='Delete {category.Name}'])", button: "Delete");

        Assert.True(Shop.AfterCheck.Fired, "the product arrived between the check and the delete");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains($"{category.Name} still has products; move or delete them first.", answer.Find("[role=status]")?.TextContent);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Products.CountAsync(p => p.CategoryId == category.Id)));
        Assert.True(await factory.WithDbAsync(db => db.Categories.AnyAsync(c => c.Id == category.Id)));
    }

    [Fact]
    public async Task Two_admins_adding_the_same_category_address_at_once_make_one_and_the_other_is_told_why()
    {
        using var admin = await factory.SignedInAdminAsync();
        for (var round = 0; round < 3; round++)
        {
            var slug = "race-" + CatalogSteps.Marker();
            var forms = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.GetAsync("/admin/categories")));

            var answers = await Task.WhenAll(forms.Select(form => admin.SubmitAsync(form, "#category",
                new Dictionary<string, string> { ["Input.Name"] = "Raced " + slug, ["Input.Slug"] = slug }, button: "Save category")));

            Assert.All(answers, page => Assert.Equal(HttpStatusCode.OK, page.Status));
            Assert.Contains(answers, page => page.Body.Contains("Another category already has this address.", StringComparison.Ordinal));
            Assert.Equal(1, await factory.WithDbAsync(db => db.Categories.CountAsync(c => c.Slug == slug)));
        }
    }

    [Fact]
    public async Task A_change_saved_over_another_admins_newer_one_overwrites_nothing_and_says_so()
    {
        var category = await factory.CreateCategoryAsync();
        using var first = await factory.SignedInAdminAsync();
        using var second = await factory.SignedInAdminAsync();
        var firstForm = await first.GetAsync($"/admin/categories?edit={category.Id}");
        var secondForm = await second.GetAsync($"/admin/categories?edit={category.Id}");
        var fields = (string name) => new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Slug"] = category.Slug, ["Input.Description"] = name + " things" };

        await first.SubmitAsync(firstForm, "#category", fields("Kitchen"), button: "Save category");
        var refused = await second.SubmitAsync(secondForm, "#category", fields("Garden"), button: "Save category");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.StartsWith("Someone else saved this category after you opened it, so nothing was overwritten.", refused.Find("#category [role=alert]")?.TextContent.Trim());
        Assert.Equal("Kitchen", refused.Find("#Input_Name")?.GetAttribute("value")); // theirs, to start again from
        var stored = await factory.WithDbAsync(db => db.Categories.Where(c => c.Id == category.Id).Select(c => new { c.Name, c.Description }).SingleAsync());
        Assert.Equal(("Kitchen", "Kitchen things"), (stored.Name, stored.Description));

        await second.SubmitAsync(refused, "#category", fields("Garden"), button: "Save category"); // deliberately, having seen theirs
        Assert.Equal("Garden", await factory.WithDbAsync(db => db.Categories.Where(c => c.Id == category.Id).Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_category_added_or_deleted_by_an_admin_is_on_the_next_catalog_page_and_then_gone()
    {
        // The categories are held in memory: an admin's change must reach shoppers and visitors at once.
        using var admin = await factory.SignedInAdminAsync();
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        using var visitor = factory.CreateBrowser();
        await shopper.GetAsync("/products");
        await visitor.GetAsync("/products");

        var slug = "new-" + CatalogSteps.Marker();
        await admin.SubmitAsync(await admin.GetAsync("/admin/categories"), "#category",
            new Dictionary<string, string> { ["Input.Name"] = "Brand New " + slug, ["Input.Slug"] = slug }, button: "Save category");

        foreach (var browser in new[] { shopper, visitor })
        {
            Assert.Contains(slug, CategoryChoices(await browser.GetAsync("/products")));
            Assert.Equal("Brand New " + slug, (await browser.GetAsync($"/products?category={slug}")).Heading);
        }

        var list = await admin.GetAsync("/admin/categories");
        await admin.SubmitAsync(list, $"form:has(button[aria-label='Delete Brand New {slug}'])", button: "Delete");

        foreach (var browser in new[] { shopper, visitor })
        {
            Assert.DoesNotContain(slug, CategoryChoices(await browser.GetAsync("/products")));
        }
    }

    [Fact]
    public async Task An_admin_renames_a_category_and_moves_its_address_and_shoppers_see_it_at_once()
    {
        using var admin = await factory.SignedInAdminAsync();
        using var visitor = factory.CreateBrowser();
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Renamed Kettle");
        await visitor.GetAsync($"/products?category={category.Slug}");

        var list = await admin.GetAsync("/admin/categories");
        var change = list.Document.QuerySelector($"a[aria-label='Change {category.Name}']")!.GetAttribute("href")!;
        var form = await admin.GetAsync(change);
        Assert.Equal($"Change {category.Name}", form.Find("#category-form")?.TextContent);
        Assert.Equal(category.Slug, form.Find("#Input_Slug")?.GetAttribute("value"));

        var taken = await factory.CreateCategoryAsync();
        var refused = await admin.SubmitAsync(form, "#category", new Dictionary<string, string> { ["Input.Slug"] = taken.Slug }, button: "Save category");
        Assert.Contains("Another category already has this address.", refused.Find("[data-valmsg-for='Input.Slug']")?.TextContent);
        Assert.Equal($"Change {category.Name}", refused.Find("#category-form")?.TextContent);

        var slug = "renamed-" + CatalogSteps.Marker();
        var saved = await admin.SubmitAsync(refused, "#category", new Dictionary<string, string> { ["Input.Name"] = "Kitchen " + slug, ["Input.Slug"] = slug }, button: "Save category");
        Assert.Contains($"Kitchen {slug} has been saved.", saved.Find("[role=status]")?.TextContent);

        var stored = await factory.WithDbAsync(db => db.Categories.SingleAsync(c => c.Id == category.Id));
        Assert.Equal(("Kitchen " + slug, slug), (stored.Name, stored.Slug));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Categories.CountAsync(c => c.Slug == slug)));
        var listing = await visitor.GetAsync($"/products?category={slug}");
        Assert.Equal("Kitchen " + slug, listing.Heading);
        Assert.Contains("Renamed Kettle", listing.Body);
        Assert.Equal("category.update", await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == category.Id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).LastAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/categories?edit=999999")).Status);
    }

    private static List<string> CategoryChoices(HtmlPage page) =>
        [.. page.Document.QuerySelectorAll("select#category option").Select(o => o.GetAttribute("value") ?? "")];
}
