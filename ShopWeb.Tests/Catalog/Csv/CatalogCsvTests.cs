using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog.Csv;

/// <summary>The catalog CSV from the admin: the export, the import's preview by line and column, and its apply, all or nothing.</summary>
public sealed class CatalogCsvTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private const string Header = "sku,product_slug,product_name,description,category,product_price,option1_name,option1_value,variant_price,stock";

    [Fact]
    public async Task An_import_of_what_the_export_wrote_previews_nothing_to_add_or_change_and_applying_it_writes_nothing()
    {
        var category = await factory.CreateCategoryAsync();
        await factory.CreateProductWithOptionsAsync(category, "=HYPERLINK(\"http://evil.test\") T-shirt");
        using var admin = await factory.SignedInAdminAsync();
        var csv = await admin.ExportCatalogAsync();
        var before = await SnapshotAsync();

        var preview = await admin.PreviewImportAsync(csv);

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        var variants = await factory.WithDbAsync(db => db.ProductVariants.CountAsync());
        Assert.StartsWith($"{variants:N0} rows: 0 to add, 0 to change, {variants:N0} to leave as they are", preview.Find("#summary")!.TextContent);
        Assert.Empty(preview.ImportProblems());
        Assert.Null(preview.Find("#apply"));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_export_defuses_every_cell_a_spreadsheet_would_run_as_a_formula()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductWithOptionsAsync(category, "=HYPERLINK(\"http://evil.test\",\"Click\")");
        using var admin = await factory.SignedInAdminAsync();

        var lines = (await admin.ExportCatalogAsync()).Split("\r\n").Where(l => l.Contains(product.Slug, StringComparison.Ordinal)).ToList();

        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"Click\"\")\",", l));
        Assert.Equal(2, lines.Count(l => l.Contains(",'-5 Red,", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains(",=", StringComparison.Ordinal) || l.Contains(",-5", StringComparison.Ordinal) || l.Contains(",\"=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_with_a_bad_price_an_unknown_category_a_duplicate_sku_and_a_formula_cell_reports_each_by_line_and_column_and_changes_nothing()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Kettle", priceMinor: 3000, stock: 4);
        var sku = product.Variants[0].Sku;
        var fresh = CatalogSteps.Marker();
        string[] lines =
        [
            Header,
            $"{sku},{product.Slug},Kettle,,{category.Slug},31.00,,,,9", // a good change, refused with the rest
            $"{fresh.ToUpperInvariant()}-A,{fresh},Mug,,{category.Slug},12.999,,,,1",
            $"{fresh.ToUpperInvariant()}-B,{fresh}-b,Bowl,,no-such-category,5,,,,1",
            $"{sku},{fresh}-c,Plate,,{category.Slug},5,,,,1",
            $"{fresh.ToUpperInvariant()}-D,{fresh}-d,\"=HYPERLINK(\"\"http://evil.test\"\")\",,{category.Slug},5,,,,1",
        ];
        using var admin = await factory.SignedInAdminAsync();
        var before = await SnapshotAsync();

        var preview = await admin.PreviewImportAsync(string.Join("\r\n", lines) + "\r\n");

        Assert.Equal("Problems in the file", preview.Find("#preview-heading")!.TextContent);
        Assert.Equal("4 problems in the file: nothing was changed. Correct them and upload the file again.", preview.Find("#summary[role=status]")!.TextContent);
        var problems = preview.ImportProblems();
        Assert.Equal(4, problems.Count);
        Assert.StartsWith("3|product_price|use at most 2 decimals", problems[0]);
        Assert.StartsWith("4|category|no category has the slug no-such-category", problems[1]);
        Assert.StartsWith($"5|sku|SKU {sku} is already on line 2", problems[2]);
        Assert.StartsWith("6|product_name|the cell starts with =", problems[3]);
        Assert.Null(preview.Find("#apply"));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task A_previewed_file_is_applied_in_one_go_adding_products_with_options_and_changing_variants_with_prices_as_written()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Kettle", priceMinor: 3000, stock: 4);
        var slug = CatalogSteps.Marker();
        var csv = string.Join("\r\n",
            Header,
            $"{product.Variants[0].Sku},{product.Slug},Kettle,,{category.Slug},30.00,,,12.9,9",
            $"{slug.ToUpperInvariant()}-S,{slug},Apron,Linen,{category.Slug},12.90,Size,S,,5",
            $"{slug.ToUpperInvariant()}-M,{slug},Apron,Linen,{category.Slug},12.90,Size,M,14,0") + "\r\n";
        using var admin = await factory.SignedInAdminAsync();

        var preview = await admin.PreviewImportAsync(csv);
        Assert.StartsWith("3 rows: 2 to add, 1 to change, 0 to leave as they are (1 new product, 1 changed)", preview.Find("#summary")!.TextContent);
        // The preview names what it would do before anything is applied: the SKUs to add, and each change in words.
        Assert.Equal([$"{slug.ToUpperInvariant()}-S", $"{slug.ToUpperInvariant()}-M"], preview.Document.QuerySelectorAll("#to-add li").Select(li => li.TextContent));
        Assert.Equal([$"{product.Variants[0].Sku}|price the product's → €12.90; stock 4 → 9"],
            preview.Document.QuerySelectorAll("#to-change tbody tr").Select(r => string.Join("|", r.QuerySelectorAll("td").Select(td => td.TextContent))));
        var applied = await admin.ApplyImportAsync(preview);

        Assert.Equal(HttpStatusCode.OK, applied.Status);
        Assert.Contains("The catalog has been imported: 3 rows: 2 added, 1 changed", applied.Body);
        var kettle = await factory.WithDbAsync(db => db.ProductVariants.SingleAsync(v => v.ProductId == product.Id));
        Assert.Equal((1290L, 9), (kettle.PriceMinor!.Value, kettle.Stock));
        var apron = await factory.WithDbAsync(db => db.Products.Include(p => p.Options).Include(p => p.Variants).SingleAsync(p => p.Slug == slug));
        Assert.Equal(1290, apron.PriceMinor);
        Assert.Equal(["S", "M"], Assert.Single(apron.Options).Values);
        Assert.Equal([("S", (long?)null, 5), ("M", 1400, 0)], apron.Variants.OrderBy(v => v.Position).Select(v => (v.Option1!, v.PriceMinor, v.Stock)));
        // The audit entry says what changed: the SKUs added, and the kettle's price and stock before and after.
        var entry = Assert.Single(await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "catalog.import").ToListAsync()));
        var after = System.Text.Json.JsonDocument.Parse(entry.After!).RootElement;
        Assert.Equal([$"{slug.ToUpperInvariant()}-S", $"{slug.ToUpperInvariant()}-M"], after.GetProperty("addedSkus").EnumerateArray().Select(s => s.GetString()));
        var change = Assert.Single(after.GetProperty("changes").EnumerateArray());
        Assert.Equal(product.Variants[0].Sku, change.GetProperty("sku").GetString());
        Assert.Equal((4, 9), (change.GetProperty("before").GetProperty("stock").GetInt32(), change.GetProperty("after").GetProperty("stock").GetInt32()));
        Assert.Equal(1290, change.GetProperty("after").GetProperty("priceMinor").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateBrowser().GetAsync($"/products/{slug}")).Status); // the cache was told
    }

    [Fact]
    public async Task The_apply_checks_the_file_again_and_writes_nothing_when_the_shop_changed_since_the_preview()
    {
        var category = await factory.CreateCategoryAsync();
        var doomed = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Kettle", priceMinor: 3000, stock: 4);
        var slug = CatalogSteps.Marker();
        var csv = string.Join("\r\n",
            Header,
            $"{product.Variants[0].Sku},{product.Slug},Kettle,,{category.Slug},35.00,,,,9",
            $"{slug.ToUpperInvariant()},{slug},Apron,,{doomed.Slug},12.90,,,,5") + "\r\n";
        using var admin = await factory.SignedInAdminAsync();
        var preview = await admin.PreviewImportAsync(csv);
        Assert.NotNull(preview.Find("#apply"));
        await factory.WithDbAsync(db => db.Categories.Where(c => c.Id == doomed.Id).ExecuteDeleteAsync());
        var before = await SnapshotAsync();

        var applied = await admin.ApplyImportAsync(preview);

        Assert.StartsWith($"3|category|no category has the slug {doomed.Slug}", Assert.Single(applied.ImportProblems()));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task Applying_a_preview_after_another_admin_changed_a_product_of_the_file_overwrites_nothing_and_shows_the_preview_again()
    {
        var category = await factory.CreateCategoryAsync();
        var kettle = await factory.CreateProductAsync(category, "Kettle", priceMinor: 3000, stock: 4);
        var teapot = await factory.CreateProductAsync(category, "Teapot", priceMinor: 2000, stock: 6);
        var csv = string.Join("\r\n",
            Header,
            $"{kettle.Variants[0].Sku},{kettle.Slug},Kettle,,{category.Slug},35.00,,,,9",
            $"{teapot.Variants[0].Sku},{teapot.Slug},Teapot,,{category.Slug},20.00,,,,6") + "\r\n";
        using var admin = await factory.SignedInAdminAsync();
        var preview = await admin.PreviewImportAsync(csv);
        Assert.StartsWith("2 rows: 0 to add, 1 to change, 1 to leave as they are", preview.Find("#summary")!.TextContent);

        // After the preview, another admin renames the teapot, which the preview said it would leave as it is:
        // applying the old preview would undo their change unseen.
        await factory.WithDbAsync(db => db.Products.Where(p => p.Id == teapot.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "Teapot, large").SetProperty(p => p.Version, p => p.Version + 1)));
        var before = await SnapshotAsync();

        var stale = await admin.ApplyImportAsync(preview);

        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.StartsWith("The shop has changed since your preview, so nothing was imported", stale.Find(".field-validation-error")!.TextContent.Trim());
        Assert.Equal(before, await SnapshotAsync());
        // The preview shown now is against the shop as it is: what applying it would really do.
        Assert.StartsWith("2 rows: 0 to add, 2 to change, 0 to leave as they are", stale.Find("#summary")!.TextContent);
        Assert.Equal([$"{kettle.Variants[0].Sku}|product price €30.00 → €35.00; stock 4 → 9", $"{teapot.Variants[0].Sku}|product name Teapot, large → Teapot"],
            stale.Document.QuerySelectorAll("#to-change tbody tr").Select(r => string.Join("|", r.QuerySelectorAll("td").Select(td => td.TextContent))));

        var applied = await admin.ApplyImportAsync(stale);

        Assert.Contains("The catalog has been imported: 2 rows: 0 added, 2 changed", applied.Body);
        Assert.Equal(9, await factory.StockOfAsync(kettle.Id));
    }

    [Fact]
    public async Task An_order_taking_stock_meanwhile_does_not_stop_the_apply_the_files_stock_is_a_count_it_gives()
    {
        var category = await factory.CreateCategoryAsync();
        var kettle = await factory.CreateProductAsync(category, "Kettle", priceMinor: 3000, stock: 4);
        var mug = await factory.CreateProductAsync(category, "Mug", priceMinor: 900, stock: 8);
        var csv = string.Join("\r\n",
            Header,
            $"{kettle.Variants[0].Sku},{kettle.Slug},Kettle,,{category.Slug},35.00,,,,9",
            $"{mug.Variants[0].Sku},{mug.Slug},Mug,,{category.Slug},9.00,,,,8") + "\r\n";
        using var admin = await factory.SignedInAdminAsync();
        var preview = await admin.PreviewImportAsync(csv);
        foreach (var id in new[] { kettle.Variants[0].Id, mug.Variants[0].Id })
        {
            await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Stock, v => v.Stock - 1)));
        }

        var applied = await admin.ApplyImportAsync(preview);

        Assert.Contains("The catalog has been imported: 2 rows: 0 added, 2 changed", applied.Body); // the mug's 7 counted back to 8
        Assert.Equal((9, 8), (await factory.StockOfAsync(kettle.Id), await factory.StockOfAsync(mug.Id)));
        Assert.Equal(3500, await factory.WithDbAsync(db => db.Products.Where(p => p.Id == kettle.Id).Select(p => p.PriceMinor).SingleAsync()));
    }

    [Fact]
    public async Task The_preview_and_the_audit_name_the_product_columns_a_file_changes_and_publishing_an_archived_product_unarchives_it()
    {
        var category = await factory.CreateCategoryAsync();
        var other = await factory.CreateCategoryAsync();
        var kettle = await factory.CreateProductAsync(category, "Kettle", priceMinor: 3000, stock: 4);
        await factory.WithDbAsync(db => db.Products.Where(p => p.Id == kettle.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPublished, false).SetProperty(p => p.ArchivedAt, DateTimeOffset.UtcNow)));
        var csv = "sku,product_slug,product_name,description,category,product_price,product_image,published\r\n"
            + $"{kettle.Variants[0].Sku},{kettle.Slug},Kettle,Boils fast.,{other.Slug},30.00,/images/products/kettle.svg,true\r\n";
        using var admin = await factory.SignedInAdminAsync();

        var preview = await admin.PreviewImportAsync(csv);

        var said = Assert.Single(preview.Document.QuerySelectorAll("#to-change tbody tr td:last-child")).TextContent;
        Assert.Contains($"category {category.Slug} → {other.Slug}", said);
        Assert.Contains("published no → yes", said);
        Assert.Contains(" → /images/products/kettle.svg", said);
        Assert.Contains("→ \"Boils fast.\"", said);
        await admin.ApplyImportAsync(preview);
        var product = await factory.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == kettle.Id));
        Assert.True(product.IsPublished);
        Assert.Null(product.ArchivedAt); // on sale again, so listed with the products, not among the archived
        var entry = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "catalog.import").OrderBy(a => a.Id).LastAsync());
        var change = System.Text.Json.JsonDocument.Parse(entry.After!).RootElement.GetProperty("changes")[0];
        Assert.Equal((category.Slug, other.Slug), (change.GetProperty("before").GetProperty("category").GetString(), change.GetProperty("after").GetProperty("category").GetString()));
        Assert.Equal((false, true), (change.GetProperty("before").GetProperty("published").GetBoolean(), change.GetProperty("after").GetProperty("published").GetBoolean()));
    }

    [Fact]
    public async Task A_file_naming_some_of_a_products_variants_cannot_rename_the_options_the_others_keep()
    {
        var category = await factory.CreateCategoryAsync();
        var (product, variants) = await factory.CreateVariantProductAsync(category, "Tee", [("Size", ["S", "M"]), ("Colour", ["Red", "Blue"])]);
        var first = variants[0];
        var csv = Header + ",option2_name,option2_value\r\n"
            + $"{first.Sku},{product.Slug},Tee,,{category.Slug},10.00,Size,{first.Option1},,{first.Stock},Style,{first.Option2}\r\n";
        using var admin = await factory.SignedInAdminAsync();
        var before = await SnapshotAsync();

        var preview = await admin.PreviewImportAsync(csv);

        Assert.StartsWith($"2|option2_name|{product.Slug}'s option 2 is Colour in the shop, which its 3 variant(s) not in this file keep", Assert.Single(preview.ImportProblems()));
        Assert.Null(preview.Find("#apply"));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_value_written_in_another_case_than_the_options_own_is_refused_and_one_with_spaces_is_the_value_itself()
    {
        var category = await factory.CreateCategoryAsync();
        var (product, variants) = await factory.CreateVariantProductAsync(category, "Towel", [("Colour", ["Natural", "Sage"])]);
        var csv = Header + "\r\n"
            + $"{variants[0].Sku},{product.Slug},Towel,,{category.Slug},10.00,Colour,Natural ,,{variants[0].Stock}\r\n"
            + $"TOWEL-NATURAL-2,{product.Slug},Towel,,{category.Slug},10.00,Colour,natural,,3\r\n";
        using var admin = await factory.SignedInAdminAsync();
        var before = await SnapshotAsync();

        var preview = await admin.PreviewImportAsync(csv);

        // "Natural " is Natural itself; "natural" would be a second choice a shopper cannot tell apart from it.
        Assert.Equal(["3|option1_value|Colour has the value Natural already: write it the same way."], preview.ImportProblems());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task An_empty_file_is_said_to_be_empty_and_a_file_with_too_many_problems_says_it_was_read_no_further()
    {
        using var admin = await factory.SignedInAdminAsync();

        var empty = await admin.PreviewImportAsync("");
        var many = await admin.PreviewImportAsync(Header + "\r\n" + string.Concat(Enumerable.Range(0, 1500).Select(i => $"X-{i},x-{i},X,,kitchen,lots,,,,1\r\n")));

        Assert.Equal(["1||the file is empty: its first line names the columns."], empty.ImportProblems());
        Assert.StartsWith("At least 1,000 problems (the file was read no further) in the file: nothing was changed.", many.Find("#summary")!.TextContent);
    }

    [Fact]
    public async Task The_upload_needs_the_forms_antiforgery_token()
    {
        using var admin = await factory.SignedInAdminAsync();

        var page = await admin.PreviewImportAsync(Header + "\r\n", withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
    }

    private Task<string> SnapshotAsync() => factory.WithDbAsync(async db =>
    {
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => $"{p.Id}|{p.Name}|{p.Slug}|{p.Description}|{p.CategoryId}|{p.PriceMinor}|{p.ImagePath}|{p.IsPublished}|{p.Version}").ToListAsync();
        var variants = await db.ProductVariants.AsNoTracking().OrderBy(v => v.Id)
            .Select(v => $"{v.Id}|{v.ProductId}|{v.Sku}|{v.Option1}|{v.Option2}|{v.Option3}|{v.PriceMinor}|{v.Stock}|{v.ImagePath}|{v.IsOnSale}|{v.Position}").ToListAsync();
        var options = (await db.Set<ProductOption>().AsNoTracking().OrderBy(o => o.Id).ToListAsync())
            .Select(o => $"{o.Id}|{o.ProductId}|{o.Position}|{o.Name}|{string.Join("/", o.Values)}");
        var audit = await db.AuditEntries.CountAsync(a => a.Action == "catalog.import");
        return string.Join("\n", products.Concat(variants).Concat(options).Append($"audit {audit}"));
    });
}
