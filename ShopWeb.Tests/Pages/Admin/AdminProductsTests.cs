using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

public sealed class AdminProductsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_new_product_left_without_an_address_gets_one_made_from_its_name_and_an_edit_must_keep_one()
    {
        using var admin = await factory.SignedInAdminAsync();
        var category = await factory.CreateCategoryAsync();
        var name = "Blue Linen Shirt " + CatalogSteps.Marker();

        var created = await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = name, ["Input.Slug"] = "", ["Input.Price"] = "24.50", ["Input.CategoryId"] = $"{category.Id}", ["Input.Stock"] = "1",
        });

        Assert.True(created.Find("[role=status]")?.TextContent.Contains($"{name} has been saved.", StringComparison.Ordinal),
            string.Join(" | ", created.Document.QuerySelectorAll(".field-validation-error, .validation-summary-errors").Select(e => e.TextContent)));
        var product = await factory.WithDbAsync(db => db.Products.SingleAsync(p => p.Name == name));
        Assert.Equal(ShopWeb.Catalog.Slugs.From(name), product.Slug);
        Assert.StartsWith("blue-linen-shirt-", product.Slug);

        var cleared = await admin.SaveProductAsync($"/admin/products/edit/{product.Id}", new() { ["Input.Slug"] = "" });
        Assert.Equal("Enter the address, such as blue-linen-shirt.", cleared.Find("[data-valmsg-for='Input.Slug']")?.TextContent);

        // A second product of that name, its address left blank too: the next free address, not a clash the admin never typed.
        var twin = await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = name, ["Input.Slug"] = "", ["Input.Price"] = "24.50", ["Input.CategoryId"] = $"{category.Id}", ["Input.Stock"] = "1",
        });
        Assert.Contains($"{name} has been saved.", twin.Find("[role=status]")?.TextContent);
        Assert.Equal([product.Slug, product.Slug + "-2"], await factory.WithDbAsync(db => db.Products.Where(p => p.Name == name).OrderBy(p => p.Id).Select(p => p.Slug).ToListAsync()));

        // Its SKU, made from the address too, given to another product meanwhile (by an import): the next free one.
        var slug = CatalogSteps.Marker();
        var holder = await factory.CreateProductAsync(category, "Holder");
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == holder.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Sku, slug.ToUpperInvariant())));
        var third = await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = "Third " + name, ["Input.Slug"] = slug, ["Input.Price"] = "24.50", ["Input.CategoryId"] = $"{category.Id}", ["Input.Stock"] = "1",
        });
        Assert.Contains($"Third {name} has been saved.", third.Find("[role=status]")?.TextContent);
        Assert.Equal(slug.ToUpperInvariant() + "-2", await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.Product!.Slug == slug).Select(v => v.Sku).SingleAsync()));

        // Nothing typed at all: the name's message, not one about an address the admin was told they may leave blank.
        var empty = await admin.SaveProductAsync("/admin/products/edit", new() { ["Input.Name"] = "", ["Input.Slug"] = "", ["Input.Price"] = "1", ["Input.CategoryId"] = $"{category.Id}" });
        Assert.False(string.IsNullOrWhiteSpace(empty.Find("[data-valmsg-for='Input.Name']")?.TextContent));
        Assert.True(string.IsNullOrWhiteSpace(empty.Find("[data-valmsg-for='Input.Slug']")?.TextContent));
    }

    [Fact]
    public async Task Create_with_an_image_edit_adjust_stock_and_delete_each_leave_an_audit_record()
    {
        using var admin = await factory.SignedInAdminAsync();
        var category = await factory.CreateCategoryAsync();
        var slug = CatalogSteps.Marker();

        var created = await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = "Admin Lamp", ["Input.Slug"] = slug, ["Input.Price"] = "24.50", ["Input.CategoryId"] = $"{category.Id}",
            ["Input.Stock"] = "7", ["Input.Description"] = "A lamp made by an admin.",
        }, ("lamp.png", AdminSteps.TinyPng));
        Assert.Contains("Admin Lamp has been saved.", created.Find("[role=status]")?.TextContent);
        var product = await factory.WithDbAsync(db => db.Products.Include(p => p.Variants).SingleAsync(p => p.Slug == slug));
        Assert.Equal((2450, 7, true), (product.PriceMinor, product.Variants.Single().Stock, product.IsPublished));
        Assert.StartsWith("/media/", product.ImagePath);
        var image = await admin.Client.GetAsync(product.ImagePath);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AdminSteps.TinyPng, await image.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateBrowser().GetAsync($"/products/{slug}")).Status);

        var edited = await admin.SaveProductAsync($"/admin/products/edit/{product.Id}", new() { ["Input.Price"] = "19.90", ["Input.Description"] = "A brighter lamp." });
        Assert.Equal("19.90", edited.Find("#Input_Price")?.GetAttribute("value"));

        var stockForm = await admin.GetAsync($"/admin/products/stock/{product.Id}");
        await admin.SubmitAsync(stockForm, "#stock", new Dictionary<string, string> { ["Input.Change"] = "-2", ["Input.Reason"] = "Two broken in transit" });
        Assert.Equal(5, await factory.StockOfAsync(product.Id));

        var editPage = await admin.GetAsync($"/admin/products/edit/{product.Id}");
        Assert.Equal($"/admin/products/delete/{product.Id}", editPage.Document.QuerySelectorAll("a").Single(a => a.TextContent == "Delete product").GetAttribute("href"));
        Assert.True(await factory.WithDbAsync(db => db.Products.AnyAsync(p => p.Id == product.Id)), "opening the edit page deletes nothing");
        var confirm = await admin.GetAsync($"/admin/products/delete/{product.Id}");
        Assert.Equal("Delete Admin Lamp?", confirm.Find("h1")?.TextContent);
        Assert.Contains("deleted for good", confirm.Find("#delete-outcome")?.TextContent);
        var deleted = await admin.SubmitAsync(confirm, "#delete-product", button: "Delete product");
        Assert.Contains("Admin Lamp has been deleted.", deleted.Find("[role=status]")?.TextContent);
        Assert.False(await factory.WithDbAsync(db => db.Products.AnyAsync(p => p.Id == product.Id)));

        var audit = await AuditOfAsync(product.Id);
        Assert.Equal(["product.create", "product.update", "product.stock", "product.delete"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(ShopFactory.AdminEmail, a.ActorEmail));
        Assert.Null(audit[0].Before);
        Assert.Equal(2450, Json(audit[1].Before!).GetProperty("priceMinor").GetInt64());
        Assert.Equal(1990, Json(audit[1].After!).GetProperty("priceMinor").GetInt64());
        Assert.Equal((7, 5), (Json(audit[2].Before!).GetProperty("stock").GetInt32(), Json(audit[2].After!).GetProperty("stock").GetInt32()));
        Assert.Equal("Two broken in transit", audit[2].Reason);
        Assert.Null(audit[3].After);
        Assert.Contains("product.delete", (await admin.GetAsync("/admin/audit")).Find("#audit")?.TextContent);

        // The log says what each entry changed, field by field, and keeps the whole records a click away.
        var log = await admin.GetAsync($"/admin/audit?entity={product.Id}");
        var rows = log.Document.QuerySelectorAll("#audit tbody tr").ToDictionary(r => r.Children[3].QuerySelector(".hint")!.TextContent, r => r);
        Assert.StartsWith("Product changed", rows["product.update"].Children[3].TextContent.Trim()); // the action in words, its code beside
        Assert.Equal(["description: A lamp made by an admin. → A brighter lamp.", "price: €24.50 → €19.90"], rows["product.update"].QuerySelectorAll("td.changes li").Select(li => li.TextContent));
        Assert.Equal(["stock: 7 → 5"], rows["product.stock"].QuerySelectorAll("td.changes li").Select(li => li.TextContent));
        Assert.Contains("\"priceMinor\":1990", rows["product.update"].QuerySelector("td.changes details")?.TextContent);
        var none = await admin.GetAsync("/admin/audit?action=no-such-action");
        Assert.Equal("No audit entries match these filters.", none.Find("#no-entries")?.TextContent);
    }

    [Fact]
    public async Task The_price_is_read_in_the_shops_notation_never_rounded()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Exact Price", priceMinor: 1000);
        using var admin = await factory.SignedInAdminAsync();

        var saved = await admin.SaveProductAsync($"/admin/products/edit/{product.Id}", new() { ["Input.Price"] = "12,9" });
        Assert.Equal("12.90", saved.Find("#Input_Price")?.GetAttribute("value"));
        var refused = await admin.SaveProductAsync($"/admin/products/edit/{product.Id}", new() { ["Input.Price"] = "12.999" });
        Assert.Contains("Use at most 2 decimals", refused.Find("[data-valmsg-for='Input.Price']")?.TextContent);
        Assert.Equal(1290, await factory.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.PriceMinor).SingleAsync()));
    }

    [Fact]
    public async Task A_product_in_past_orders_is_archived_instead_of_deleted()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Ordered Once", stock: 5);
        using (var shopper = factory.CreateBrowser())
        {
            await shopper.AddToCartAsync(product);
            await shopper.CheckoutAsync(CheckoutSteps.GuestFields(AccountSteps.NewEmail("guest")));
        }

        using var admin = await factory.SignedInAdminAsync();
        var confirm = await admin.GetAsync($"/admin/products/delete/{product.Id}");
        Assert.Contains("is in 1 past order line, so it will be archived instead", confirm.Find("#delete-outcome")?.TextContent);
        var done = await admin.SubmitAsync(confirm, "#delete-product", button: "Archive product");

        Assert.Contains("archived", done.Find("[role=status]")?.TextContent);
        var archived = await factory.WithDbAsync(db => db.Products.SingleAsync(p => p.Id == product.Id));
        Assert.False(archived.IsPublished);
        Assert.NotNull(archived.ArchivedAt);

        // The same form sent again (a second tab, a double click) archives nothing twice and says so.
        var again = await admin.SubmitAsync(confirm, "#delete-product", button: "Archive product");
        Assert.Contains("Ordered Once is already archived.", again.Find("[role=status]")?.TextContent);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "product.archive" && a.EntityId == product.Id.ToString())));
        var archivedPage = await admin.GetAsync($"/admin/products/delete/{product.Id}");
        Assert.Null(archivedPage.Find("#delete-product"));
        Assert.Contains("Ordered Once is archived", archivedPage.Find("#delete-outcome")?.TextContent);
    }

    [Theory]
    [InlineData("setup.png", 0, "none of them")]
    [InlineData("big.png", 5 * 1024 * 1024, "larger than 2 MB")]
    [InlineData("evil.svg", 1, "contains scripts")]
    public async Task Images_are_checked_by_content_and_size(string name, int size, string message)
    {
        using var admin = await factory.SignedInAdminAsync();
        var category = await factory.CreateCategoryAsync();
        var bytes = name switch
        {
            "setup.png" => "MZ\u0090\0\u0003\0\0\0This program cannot be run in DOS mode"u8.ToArray(),
            "evil.svg" => "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(),
            _ => [.. AdminSteps.TinyPng, .. new byte[size]],
        };
        var slug = CatalogSteps.Marker();

        var page = await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = "Refused", ["Input.Slug"] = slug, ["Input.Price"] = "1.00", ["Input.CategoryId"] = $"{category.Id}", ["Input.Stock"] = "1",
        }, (name, bytes));

        Assert.True(page.Status is HttpStatusCode.OK or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"{page.Status}");
        if (page.Status == HttpStatusCode.OK)
        {
            Assert.Contains(message, page.Find("[data-valmsg-for=Image]")?.TextContent);
        }

        Assert.False(await factory.WithDbAsync(db => db.Products.AnyAsync(p => p.Slug == slug)));
    }

    [Fact]
    public async Task An_image_the_server_cannot_store_is_said_on_the_form_and_nothing_is_saved()
    {
        // A folder checked at start can still fail later (a full disk, a mount gone): here a file takes its place.
        using var broken = new ShopFactory(settings: null);
        using var admin = await broken.SignedInAdminAsync();
        var category = await broken.CreateCategoryAsync();
        var uploads = Path.Combine(broken.Folder, "uploads");
        Directory.Delete(uploads, recursive: true);
        await File.WriteAllTextAsync(uploads, "not a folder");
        var slug = CatalogSteps.Marker();

        var page = await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = "Unstored", ["Input.Slug"] = slug, ["Input.Price"] = "1.00", ["Input.CategoryId"] = $"{category.Id}", ["Input.Stock"] = "1",
        }, ("lamp.png", AdminSteps.TinyPng));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("The image could not be stored on the server, so nothing was saved.", page.Find("[data-valmsg-for=Image]")?.TextContent);
        Assert.False(await broken.WithDbAsync(db => db.Products.AnyAsync(p => p.Slug == slug)));
    }

    [Fact]
    public async Task Two_admins_saving_the_same_product_the_second_gets_the_conflict_page_and_the_first_change_is_kept()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Contested", priceMinor: 1000);
        using var first = await factory.SignedInAdminAsync();
        using var second = await factory.SignedInAdminAsync();
        var firstForm = await first.GetAsync($"/admin/products/edit/{product.Id}");
        var secondForm = await second.GetAsync($"/admin/products/edit/{product.Id}");

        await first.SubmitAsync(firstForm, "#product", new Dictionary<string, string> { ["Input.Price"] = "11.00" });
        var conflict = await second.SubmitAsync(secondForm, "#product", new Dictionary<string, string> { ["Input.Price"] = "12.00", ["Input.Name"] = "Renamed" });

        Assert.Contains("Someone else saved this product", conflict.Find("[role=alert]")?.TextContent);
        var rows = conflict.Document.QuerySelectorAll("#conflict tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray());
        Assert.Equal(["€11.00", "12.00"], rows["Price"]);
        Assert.Equal(["Contested", "Renamed"], rows["Name"]);
        var kept = await factory.WithDbAsync(db => db.Products.SingleAsync(p => p.Id == product.Id));
        Assert.Equal((1100, "Contested"), (kept.PriceMinor, kept.Name));

        // Saving again from the conflict page is a deliberate choice, and it goes through.
        await second.SubmitAsync(conflict, "#product");
        Assert.Equal("Renamed", (await factory.WithDbAsync(db => db.Products.SingleAsync(p => p.Id == product.Id))).Name);
    }

    [Theory]
    [InlineData("Input.Price", "-3", "Enter a price such as 12.90")]
    [InlineData("Input.Price", "abc", "Enter a price such as 12.90")]
    [InlineData("Input.Price", "٣", "Enter a price such as 12.90")]
    [InlineData("Input.Price", "79228162514264337593543950335", "Enter a smaller price.")]
    [InlineData("Input.Slug", "Not A Slug!", "Use lower-case letters")]
    [InlineData("Input.CategoryId", "999999", "Choose a category.")]
    [InlineData("Input.Stock", "-1", "Enter a stock from 0")]
    [InlineData("Input.IsPublished", "maybe", "")]
    public async Task Bad_product_input_gets_a_message_next_to_the_field(string field, string value, string message)
    {
        using var admin = await factory.SignedInAdminAsync();
        var category = await factory.CreateCategoryAsync();
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Thing", ["Input.Slug"] = CatalogSteps.Marker(), ["Input.Price"] = "1.00", ["Input.CategoryId"] = $"{category.Id}", ["Input.Stock"] = "1",
        };
        fields[field] = value;

        var page = await admin.SaveProductAsync("/admin/products/edit", fields);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains(message, page.Find($"[data-valmsg-for='{field}']")?.TextContent ?? "");
        Assert.False(string.IsNullOrWhiteSpace(page.Find($"[data-valmsg-for='{field}']")?.TextContent));
    }

    private Task<List<AuditEntry>> AuditOfAsync(int productId) => factory.WithDbAsync(db =>
        db.AuditEntries.Where(a => a.EntityType == "Product" && a.EntityId == productId.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(a => a.Id).ToListAsync());

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
