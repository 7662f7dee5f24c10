using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin.Products;

public sealed class AdminVariantOptionsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Options_then_generate_skipping_a_combination_makes_the_others_with_proposed_skus_and_keeps_the_first_variant()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Options Tee", priceMinor: 1500, stock: 10);
        using var admin = await factory.SignedInAdminAsync();

        var options = await admin.GetAsync($"/admin/products/{product.Id}/options");
        var saved = await admin.SubmitAsync(options, "#options", new Dictionary<string, string>
        {
            ["Input.Options[0].Name"] = "Size", ["Input.Options[0].Values"] = "S\nM\nL",
            ["Input.Options[1].Name"] = "Colour", ["Input.Options[1].Values"] = "Red\r\nBlue",
        }, button: "Save options");
        Assert.Contains("options of Options Tee have been saved", saved.Find("[role=status]")?.TextContent);

        // The product's one variant becomes the first combination, its SKU and stock kept.
        var first = await factory.WithDbAsync(db => db.ProductVariants.SingleAsync(v => v.ProductId == product.Id));
        Assert.Equal(("S / Red", Skus.Of(product.Slug), 10), (first.OptionText, first.Sku, first.Stock));

        var generate = await admin.GetAsync($"/admin/products/{product.Id}/variants/generate");
        // The product's own menu marks the page the admin is on.
        Assert.Equal(["Generate variants"], generate.Document.QuerySelectorAll(".product-links a[aria-current=page]").Select(a => a.TextContent));
        Assert.Equal(["Options"], options.Document.QuerySelectorAll(".product-links a[aria-current=page]").Select(a => a.TextContent));
        var proposed = generate.Document.QuerySelectorAll("#combinations tbody tr").Select(r => r.QuerySelector("label")!.TextContent).ToList();
        Assert.Equal("skip-heading combination-0", generate.Find("#skip-0")!.GetAttribute("aria-labelledby")); // read as "Skip S / Blue"
        Assert.Equal(["S / Blue", "M / Red", "M / Blue", "L / Red", "L / Blue"], proposed);
        ((AngleSharp.Html.Dom.IHtmlInputElement)generate.Document.QuerySelector("input[name=Skip][value='L / Blue']")!).IsChecked = true;
        var grid = await admin.SubmitAsync(generate, "#generate", button: "Generate variants");

        Assert.Contains("4 variants created", grid.Find("[role=status]")?.TextContent);
        var variants = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).ToListAsync());
        Assert.Equal(["S / Red", "S / Blue", "M / Red", "M / Blue", "L / Red"], variants.Select(v => v.OptionText));
        Assert.Equal($"{Skus.Of(product.Slug)}-M-BLUE", variants[3].Sku);
        Assert.All(variants.Skip(1), v => Assert.Equal((null, 0, true), (v.PriceMinor, v.Stock, v.IsOnSale)));
        Assert.Equal(5, grid.Document.QuerySelectorAll("#variant-grid tbody tr").Length);
        var again = await admin.GetAsync($"/admin/products/{product.Id}/variants/generate");
        Assert.Equal(["L / Blue"], again.Document.QuerySelectorAll("#combinations tbody tr label").Select(l => l.TextContent));
        Assert.Contains("product.variants.generate", await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == $"{product.Id}").Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_value_in_use_is_not_removed_but_renamed_everywhere_and_orders_keep_their_copy()
    {
        var product = await factory.CreateVariantProductAsync("Rename Tee", [("Size", ["S", "M"]), ("Colour", ["Red", "Blue"])]);
        using var admin = await factory.SignedInAdminAsync();

        var options = await admin.GetAsync($"/admin/products/{product.Id}/options");
        var refused = await admin.SubmitAsync(options, "#options", new Dictionary<string, string> { ["Input.Options[0].Values"] = "S" }, button: "Save options");
        Assert.Contains("M is used by 2 variant(s)", refused.Find("[data-valmsg-for='Input.Options[0].Values']")?.TextContent);
        Assert.Equal(4, await factory.WithDbAsync(db => db.ProductVariants.CountAsync(v => v.ProductId == product.Id)));

        var reordered = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}/options"), "#options",
            new Dictionary<string, string> { ["Input.Options[1].Values"] = "Blue\nRed\nGreen" }, button: "Save options");
        Assert.Contains("have been saved", reordered.Find("[role=status]")?.TextContent);
        var order = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).Select(v => v.Option1 + "/" + v.Option2).ToListAsync());
        Assert.Equal(["S/Blue", "S/Red", "M/Blue", "M/Red"], order);

        var versionBefore = await factory.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.Version).SingleAsync());
        var same = await admin.SubmitAsync(reordered, "#rename", new Dictionary<string, string>
        {
            ["Rename.Position"] = "0", ["Rename.From"] = "M", ["Rename.To"] = "M ",
        }, button: "Rename value");
        Assert.Contains("M is its name already", same.Find("[data-valmsg-for='Rename.To']")?.TextContent);
        Assert.Equal(versionBefore, await factory.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.Version).SingleAsync())); // no other admin's grid made stale

        var renamed = await admin.SubmitAsync(reordered, "#rename", new Dictionary<string, string>
        {
            ["Rename.Position"] = "0", ["Rename.From"] = "M", ["Rename.To"] = "Medium",
        }, button: "Rename value");
        Assert.Contains("M is now Medium", renamed.Find("[role=status]")?.TextContent);
        var texts = await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).ToListAsync());
        Assert.Equal(["S / Blue", "S / Red", "Medium / Blue", "Medium / Red"], texts.Select(v => v.OptionText));

        // Removing the option Colour is said first; saved again, it would make S / Blue and S / Red the same variant: refused.
        var emptied = new Dictionary<string, string> { ["Input.Options[1].Name"] = "", ["Input.Options[1].Values"] = "" };
        var told = await admin.SubmitAsync(renamed, "#options", emptied, button: "Save options");
        Assert.Contains("Colour is used by 4 variant(s): save again to take it off them", told.Find("[data-valmsg-for='Input.Options[1].Values']")?.TextContent);
        var merge = await admin.SubmitAsync(told, "#options", emptied, button: "Save options");
        Assert.Contains("Two variants would both be S", merge.Find("[role=alert]")?.TextContent);
    }

    [Fact]
    public async Task An_option_variants_use_is_taken_off_them_only_once_the_admin_was_told_and_saved_again()
    {
        var product = await factory.CreateVariantProductAsync("One Colour Tee", [("Size", ["S", "M"]), ("Colour", ["Red"])]);
        using var admin = await factory.SignedInAdminAsync();
        var emptied = new Dictionary<string, string> { ["Input.Options[1].Name"] = "", ["Input.Options[1].Values"] = "" };

        var told = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}/options"), "#options", emptied, button: "Save options");
        Assert.Contains("Colour is used by 2 variant(s)", told.Find("[data-valmsg-for='Input.Options[1].Values']")?.TextContent);
        Assert.Contains("Nothing was saved: see the options below.", told.Find("[role=alert]")?.TextContent); // at the top, where the admin looks
        Assert.Equal(2, await factory.WithDbAsync(db => db.ProductVariants.CountAsync(v => v.ProductId == product.Id && v.Option2 == "Red")));

        var saved = await admin.SubmitAsync(told, "#options", emptied, button: "Save options");
        Assert.Contains("have been saved", saved.Find("[role=status]")?.TextContent);
        Assert.Equal(["S", "M"], await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product.Id).OrderBy(v => v.Position).Select(v => v.OptionText).ToListAsync()));
    }

    [Fact]
    public async Task A_problem_with_an_options_name_is_shown_at_its_name_and_one_with_its_values_at_its_values()
    {
        var product = await factory.CreateVariantProductAsync("Named Options", [("Size", ["S", "M"]), ("Colour", ["Red"])]);
        using var admin = await factory.SignedInAdminAsync();

        var refused = await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}/options"), "#options",
            new Dictionary<string, string> { ["Input.Options[1].Name"] = "size", ["Input.Options[1].Values"] = "Red\nred" }, button: "Save options");

        Assert.Contains("Another option is already called size", refused.Find("[data-valmsg-for='Input.Options[1].Name']")?.TextContent);
        Assert.Equal("true", refused.Find("#Input_Options_1__Name")?.GetAttribute("aria-invalid"));
        Assert.Contains("is listed twice", refused.Find("[data-valmsg-for='Input.Options[1].Values']")?.TextContent);
        Assert.DoesNotContain("already called", refused.Find("[data-valmsg-for='Input.Options[1].Values']")?.TextContent);
    }

    [Fact]
    public async Task Options_saved_over_a_stale_version_change_nothing()
    {
        var product = await factory.CreateVariantProductAsync("Stale Options", [("Size", ["S", "M"])]);
        using var admin = await factory.SignedInAdminAsync();
        var opened = await admin.GetAsync($"/admin/products/{product.Id}/options");
        await admin.SubmitAsync(await admin.GetAsync($"/admin/products/{product.Id}/options"), "#options",
            new Dictionary<string, string> { ["Input.Options[0].Values"] = "S\nM\nL" }, button: "Save options");

        var stale = await admin.SubmitAsync(opened, "#options", new Dictionary<string, string> { ["Input.Options[0].Values"] = "M\nS" }, button: "Save options");

        Assert.Contains("Someone else saved this product", stale.Find("[role=alert]")?.TextContent);
        var values = await factory.WithDbAsync(db => db.Set<ShopWeb.Data.ProductOption>().Where(o => o.ProductId == product.Id).Select(o => o.Values).SingleAsync());
        Assert.Equal(["S", "M", "L"], values);
    }
}
