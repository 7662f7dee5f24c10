using System.Globalization;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin.Products;

public sealed class AdminVariantGridTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_grid_saves_a_change_to_500_variants_in_one_post_and_one_audit_entry()
    {
        var product = await factory.CreateVariantProductAsync("Five Hundred", [("Size", VariantSteps.Values("S", 500))], stock: 3);
        using var admin = await factory.SignedInAdminAsync();
        var grid = await admin.GetAsync($"/admin/products/{product.Id}/variants?size=500");
        Assert.Equal(500, grid.Document.QuerySelectorAll("#variant-grid tbody tr").Length);

        var saved = await admin.SubmitAsync(grid, "#variants", EveryRow(500, i => new()
        {
            [$"Rows[{i}].Price"] = $"{10 + i}.5", [$"Rows[{i}].Stock"] = $"{i}", [$"Rows[{i}].Sku"] = $"{product.Slug}-new-{i}",
        }), button: "Save variants");

        Assert.Contains("500 variants of Five Hundred have been saved", saved.Find("[role=status]")?.TextContent);
        var variants = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).ToListAsync());
        Assert.All(variants.Select((v, i) => (v, i)), x => Assert.Equal(((10 + x.i) * 100 + 50L, x.i, $"{product.Slug}-new-{x.i}"), (x.v.PriceMinor!.Value, x.v.Stock, x.v.Sku)));
        var audit = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == $"{product.Id}" && a.Action == "product.variants").ToListAsync());
        Assert.Equal(500, System.Text.Json.JsonDocument.Parse(Assert.Single(audit).After!).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Every_input_of_the_grid_has_a_visible_label_that_names_its_variant()
    {
        var product = await factory.CreateVariantProductAsync("Labelled Grid", [("Size", ["S", "M"]), ("Colour", ["Blue"])]);
        using var admin = await factory.SignedInAdminAsync();
        var grid = await admin.GetAsync($"/admin/products/{product.Id}/variants");

        var inputs = grid.Document.QuerySelectorAll("#variant-grid tbody input:not([type=hidden])").ToList();
        Assert.Equal(12, inputs.Count);
        var names = inputs.Select(input =>
        {
            var label = grid.Document.QuerySelector($"label[for='{input.Id}']");
            Assert.NotNull(label);
            Assert.Null(input.GetAttribute("aria-label")); // the label is what is read, not a hidden attribute instead of it
            var shown = string.Concat(label.ChildNodes.Where(n => n is not AngleSharp.Dom.IElement { ClassName: "visually-hidden" }).Select(n => n.TextContent)).Trim();
            Assert.NotEqual("", shown);
            return label.TextContent.Trim();
        }).ToList();

        Assert.Equal(["SKU of S / Blue", "Price of S / Blue", "Stock of S / Blue", "Image of S / Blue", "On sale: S / Blue", "Delete S / Blue"], names.Take(6));
        Assert.Equal("Price of M / Blue", names[7]);
    }

    [Fact]
    public async Task Find_narrows_the_grid_to_the_variants_named_and_a_save_there_changes_only_them()
    {
        var product = await factory.CreateVariantProductAsync("Findable Tee", [("Size", ["S", "M", "L"]), ("Colour", ["Blue", "Red"])], stock: 4);
        using var admin = await factory.SignedInAdminAsync();
        static List<string> Names(HtmlPage page) => [.. page.Document.QuerySelectorAll("#variant-grid tbody th").Select(th => th.ChildNodes.First().TextContent.Trim())];

        Assert.Equal(["S / Blue", "M / Blue", "L / Blue"], Names(await admin.GetAsync($"/admin/products/{product.Id}/variants?q=blue")));
        Assert.Equal(["M / Blue"], Names(await admin.GetAsync($"/admin/products/{product.Id}/variants?q={Uri.EscapeDataString("m / BLUE")}")));
        var bySku = await admin.GetAsync($"/admin/products/{product.Id}/variants?q={Uri.EscapeDataString(product.Slug + "-l-r")}");
        Assert.Equal(["L / Red"], Names(bySku));
        Assert.Equal($"1 of 6 variants found for \"{product.Slug}-l-r\", page 1 of 1. Show every variant", string.Join(' ', bySku.Find(".result-count")!.TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        Assert.Contains("No variant of Findable Tee matches \"XL\"", (await admin.GetAsync($"/admin/products/{product.Id}/variants?q=XL")).Find("#none-found")?.TextContent);

        var saved = await admin.SubmitAsync(bySku, "#variants", new Dictionary<string, string> { ["Rows[0].Stock"] = "9" }, button: "Save variants");
        Assert.Equal(["L / Red"], Names(saved)); // back on what was found
        var stocks = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).Select(v => v.Stock).ToListAsync());
        Assert.Equal([4, 4, 4, 4, 4, 9], stocks);
    }

    [Fact]
    public async Task A_failure_on_row_500_writes_none_of_the_499_before_it()
    {
        var product = await factory.CreateVariantProductAsync("All Or Nothing", [("Size", VariantSteps.Values("S", 500))], stock: 3);
        using var admin = await factory.SignedInAdminAsync();
        var grid = await admin.GetAsync($"/admin/products/{product.Id}/variants?size=500");
        var fields = EveryRow(500, i => new() { [$"Rows[{i}].Price"] = "9.99", [$"Rows[{i}].Stock"] = "7" });

        // A bad price: found before anything is written, reported on its row.
        var badPrice = await admin.SubmitAsync(await grid.CopyAsync(), "#variants", new Dictionary<string, string>(fields) { ["Rows[499].Price"] = "9.999" }, button: "Save variants");
        Assert.Contains("Use at most 2 decimals", badPrice.Document.QuerySelectorAll("#variant-grid tbody tr")[499].TextContent);
        Assert.Contains("Nothing was saved", badPrice.Find("[role=alert]")?.TextContent);

        // Row 500's stock sold since the page opened: found inside the transaction, after rows 1 to 499 were written.
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id && v.Position == 499)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Stock, 2)));
        var sold = await admin.SubmitAsync(await grid.CopyAsync(), "#variants", fields, button: "Save variants");
        Assert.Contains("it was 3 and is 2 now", sold.Document.QuerySelectorAll("#variant-grid tbody tr")[499].TextContent);

        var variants = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).ToListAsync());
        Assert.All(variants.Take(499), v => Assert.Equal((null, 3), (v.PriceMinor, v.Stock)));
        Assert.Equal((null, 2), (variants[499].PriceMinor, variants[499].Stock));
        Assert.False(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityId == $"{product.Id}" && a.Action == "product.variants")));
    }

    [Fact]
    public async Task A_save_over_a_stale_version_is_a_conflict_that_writes_nothing()
    {
        var product = await factory.CreateVariantProductAsync("Stale Grid", [("Size", ["S", "M"])]);
        using var first = await factory.SignedInAdminAsync();
        using var second = await factory.SignedInAdminAsync();
        var firstGrid = await first.GetAsync($"/admin/products/{product.Id}/variants");
        var secondGrid = await second.GetAsync($"/admin/products/{product.Id}/variants");

        await first.SubmitAsync(firstGrid, "#variants", new Dictionary<string, string> { ["Rows[0].Price"] = "11.00" }, button: "Save variants");
        var conflict = await second.SubmitAsync(secondGrid, "#variants", new Dictionary<string, string> { ["Rows[0].Price"] = "12.00", ["Rows[1].Sku"] = "STALE-M" }, button: "Save variants");

        Assert.Contains("Someone else saved this product", conflict.Find("[role=alert]")?.TextContent);
        var variants = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).ToListAsync());
        Assert.Equal(1100, variants[0].PriceMinor);
        Assert.NotEqual("STALE-M", variants[1].Sku);
    }

    [Fact]
    public async Task A_sale_between_opening_and_saving_the_grid_is_never_overwritten()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Sold Meanwhile", priceMinor: 1000, stock: 10);
        using var admin = await factory.SignedInAdminAsync();
        var grid = await admin.GetAsync($"/admin/products/{product.Id}/variants");
        using (var shopper = factory.CreateBrowser())
        {
            await shopper.AddToCartAsync(product);
            await shopper.CheckoutAsync(CheckoutSteps.GuestFields(AccountSteps.NewEmail("guest")));
        }

        Assert.Equal(9, await factory.StockOfAsync(product.Id));

        // A save that leaves the stock alone leaves the sale's count alone.
        var priceOnly = await admin.SubmitAsync(await grid.CopyAsync(), "#variants", new Dictionary<string, string> { ["Rows[0].Price"] = "8.50" }, button: "Save variants");
        Assert.Contains("have been saved", priceOnly.Find("[role=status]")?.TextContent);
        Assert.Equal(9, await factory.StockOfAsync(product.Id));

        // A stock typed over the count shown before the sale is a conflict, shown on its row.
        var stale = await admin.GetAsync($"/admin/products/{product.Id}/variants");
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Stock, v => v.Stock - 1)));
        var conflict = await admin.SubmitAsync(stale, "#variants", new Dictionary<string, string> { ["Rows[0].Stock"] = "20", ["Rows[0].Price"] = "7.00" }, button: "Save variants");
        Assert.Contains("it was 9 and is 8 now", conflict.Find("#variant-grid tbody tr")?.TextContent);
        var kept = await factory.WithDbAsync(db => db.ProductVariants.SingleAsync(v => v.ProductId == product.Id));
        Assert.Equal((8, 850L), (kept.Stock, kept.PriceMinor!.Value));

        // Saving again from there is a deliberate choice over the count now shown.
        var again = await admin.SubmitAsync(conflict, "#variants", button: "Save variants");
        Assert.Contains("have been saved", again.Find("[role=status]")?.TextContent);
        Assert.Equal(20, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task Each_variants_stock_can_be_changed_with_a_reason_from_its_row_and_the_list_leads_there()
    {
        var product = await factory.CreateVariantProductAsync("Reasoned Stock", [("Size", ["S", "M", "L"])]);
        var third = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).Skip(2).Select(v => new { v.Id, v.Sku }).FirstAsync());
        using var admin = await factory.SignedInAdminAsync();

        var list = await admin.GetAsync($"/admin/products?q={Uri.EscapeDataString("Reasoned Stock")}");
        var grid = await admin.GetAsync($"/admin/products/{product.Id}/variants");
        var link = grid.Document.QuerySelector($"#variant-grid tr[data-variant='{third.Id}'] a.stock-change")?.GetAttribute("href");
        var stock = await admin.GetAsync(link!);

        Assert.NotNull(list.Document.QuerySelector($"#products a[href='/admin/products/{product.Id}/variants'][aria-label*='3 variants']"));
        Assert.Equal(third.Sku, stock.Find("#sku")?.TextContent);

        var saved = await admin.SubmitAsync(stock, "#stock", new Dictionary<string, string> { ["Input.Change"] = "5", ["Input.Reason"] = "Delivery" });
        Assert.Equal($"/admin/products/{product.Id}/variants", saved.Address()); // back where the admin was
        Assert.Contains("is now", saved.Find("[role=status]")?.TextContent);
    }

    [Fact]
    public async Task A_duplicate_sku_is_reported_on_its_row_and_a_deleted_variant_leaves_orders_alone()
    {
        var product = await factory.CreateVariantProductAsync("Dup Sku", [("Size", ["S", "M", "L"])]);
        var other = await factory.CreateVariantProductAsync("Other", [("Size", ["S"])]);
        var otherSku = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == other.Id).Select(v => v.Sku).SingleAsync());
        using var admin = await factory.SignedInAdminAsync();
        var grid = await admin.GetAsync($"/admin/products/{product.Id}/variants");

        var twice = await admin.SubmitAsync(await grid.CopyAsync(), "#variants", new Dictionary<string, string> { ["Rows[0].Sku"] = "DUP-1", ["Rows[2].Sku"] = " DUP-1", ["Rows[1].Sku"] = otherSku }, button: "Save variants");
        var rows = twice.Document.QuerySelectorAll("#variant-grid tbody tr");
        Assert.Contains("is the SKU of another row too", rows[2].TextContent);
        Assert.Contains("is the SKU of another row too", rows[0].TextContent); // both rows, whichever the admin changed last
        Assert.Contains("is already the SKU of a variant of Other", rows[1].TextContent);
        Assert.False(await factory.WithDbAsync(db => db.ProductVariants.AnyAsync(v => v.Sku == "DUP-1")));
        // Each message is tied to the input it is about, and only that one.
        Assert.Equal(("true", "row-1-error"), (twice.Find("#row-1-sku")?.GetAttribute("aria-invalid"), twice.Find("#row-1-sku")?.GetAttribute("aria-describedby")));
        Assert.Contains("is already the SKU of a variant of Other", twice.Find("#row-1-error")?.TextContent);
        Assert.Null(twice.Find("#row-1-price")?.GetAttribute("aria-invalid"));
        var badPrice = await admin.SubmitAsync(await grid.CopyAsync(), "#variants", new Dictionary<string, string> { ["Rows[1].Price"] = "abc" }, button: "Save variants");
        Assert.Equal("true", badPrice.Find("#row-1-price")?.GetAttribute("aria-invalid"));
        Assert.Null(badPrice.Find("#row-1-sku")?.GetAttribute("aria-invalid"));

        var deleted = await admin.SubmitAsync(await grid.CopyAsync(), "#variants", new Dictionary<string, string> { ["Rows[2].Delete"] = "true" }, button: "Save variants");
        Assert.Contains("have been saved", deleted.Find("[role=status]")?.TextContent);
        Assert.Equal(["S", "M"], await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).Select(v => v.Option1!).ToListAsync()));
    }

    [Fact]
    public async Task Two_variants_can_swap_their_skus_and_three_can_pass_theirs_round_in_one_save()
    {
        var product = await factory.CreateVariantProductAsync("Swapped Skus", [("Size", ["S", "M", "L"])]);
        using var admin = await factory.SignedInAdminAsync();
        async Task<List<string>> SkusAsync() => await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).Select(v => v.Sku).ToListAsync());
        var skus = await SkusAsync();
        var (s, m, l) = (skus[0], skus[1], skus[2]);

        var swapped = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}/variants"), "#variants",
            new Dictionary<string, string> { ["Rows[0].Sku"] = m, ["Rows[1].Sku"] = s }, button: "Save variants");
        Assert.Contains("have been saved", swapped.Find("[role=status]")?.TextContent);
        Assert.Equal([m, s, l], await SkusAsync());

        var round = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}/variants"), "#variants",
            new Dictionary<string, string> { ["Rows[0].Sku"] = l, ["Rows[1].Sku"] = m, ["Rows[2].Sku"] = s }, button: "Save variants");
        Assert.Contains("have been saved", round.Find("[role=status]")?.TextContent);
        Assert.Equal([l, m, s], await SkusAsync());
    }

    [Fact]
    public async Task A_product_with_2048_variants_is_paged_and_page_21_answers()
    {
        var product = await factory.CreateVariantProductAsync("Two Thousand", [("Size", VariantSteps.Values("S", 32)), ("Colour", VariantSteps.Values("C", 64))], stock: 1);
        using var admin = await factory.SignedInAdminAsync();

        var first = await admin.GetAsync($"/admin/products/{product.Id}/variants");
        Assert.Contains("2,048 variants, page 1 of 21", first.Find(".result-count")?.TextContent);
        Assert.Equal(100, first.Document.QuerySelectorAll("#variant-grid tbody tr").Length);
        var last = await admin.GetAsync(first.Find("a[aria-label='Page 21']")!.GetAttribute("href")!);
        Assert.Equal(48, last.Document.QuerySelectorAll("#variant-grid tbody tr").Length);
        Assert.Equal("S0032 / C0064", last.Document.QuerySelectorAll("#variant-grid tbody th").Last().TextContent.Trim());

        var saved = await admin.SubmitAsync(last, "#variants", new Dictionary<string, string> { ["Rows[47].Stock"] = "5" }, button: "Save variants");
        Assert.Contains("page 21 of 21", saved.Find(".result-count")?.TextContent);
        Assert.Equal(2048 + 4, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task A_variant_shows_an_uploaded_image_or_the_products_and_nothing_else()
    {
        var product = await factory.CreateVariantProductAsync("Pictured", [("Colour", ["Red", "Blue"])]);
        using var admin = await factory.SignedInAdminAsync();
        var grid = await admin.GetAsync($"/admin/products/{product.Id}/variants");

        // An upload from the grid's own form becomes one of the choices.
        var upload = grid.Form("#upload-image");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(upload.Elements.OfType<IHtmlInputElement>().Single(i => i.Name == "__RequestVerificationToken").Value), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(AdminSteps.TinyPng);
        file.Headers.ContentType = new("image/png");
        content.Add(file, "image", "red.png");
        var uploaded = await HtmlPage.ReadAsync(await admin.Client.PostAsync(upload.Action, content));
        var url = uploaded.Document.QuerySelectorAll("#image-choices option").Select(o => o.GetAttribute("value")!).First(v => v.StartsWith("/media/", StringComparison.Ordinal));
        var entry = await factory.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "product.image.upload" && a.EntityId == product.Id.ToString()));
        Assert.Contains(url, entry.After);

        var refused = await admin.SubmitAsync(await uploaded.CopyAsync(), "#variants", new Dictionary<string, string> { ["Rows[0].Image"] = "/media/not-there.png" }, button: "Save variants");
        Assert.Contains("Choose one of the uploaded images", refused.Find("#variant-grid tbody tr")?.TextContent);

        await admin.SubmitAsync(await uploaded.CopyAsync(), "#variants", new Dictionary<string, string> { ["Rows[0].Image"] = url, ["Rows[1].Image"] = product.ImagePath }, button: "Save variants");
        var images = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).Select(v => v.ImagePath).ToListAsync());
        Assert.Equal([url, null], images);
    }

    private static Dictionary<string, string> EveryRow(int count, Func<int, Dictionary<string, string>> row) =>
        Enumerable.Range(0, count).SelectMany(i => row(i)).ToDictionary(p => p.Key, p => p.Value);
}
