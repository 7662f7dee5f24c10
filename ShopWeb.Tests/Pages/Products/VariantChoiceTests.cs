using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Products;

/// <summary>The product page's choice of a variant without JavaScript: the option form, the variant's address, its cache entry.</summary>
public sealed class VariantChoiceTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Choosing_M_Blue_in_the_option_form_lands_on_its_address_with_its_price_stock_and_image()
    {
        var (tee, ids) = await CreateTeeAsync();
        using var browser = factory.CreateBrowser();
        var first = await browser.GetAsync($"/products/{tee.Slug}");
        Assert.Equal("S / Blue", Chosen(first)); // the first variant on sale with stock
        Assert.Equal("€19.00", first.Find("#variant-price")?.TextContent);

        var page = await browser.SubmitAsync(first, "#variant-choice", new Dictionary<string, string> { ["option1"] = "M", ["option2"] = "Blue" }, button: "Choose");

        Assert.Equal($"/products/{tee.Slug}?variant={ids["M / Blue"]}", page.Response.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal(1, page.Document.QuerySelectorAll("h1").Length);
        Assert.Equal("M / Blue", Chosen(page));
        Assert.Equal("€21.00", page.Find("#variant-price")?.TextContent);
        Assert.Equal("In stock", page.Find("#variant-status[role=status]")?.TextContent);
        Assert.Equal(TeeShirts.BlueImage, page.Find("#variant-image")?.GetAttribute("src"));
        Assert.Equal($"{tee.Name} (M / Blue)", page.Find("#variant-image")?.GetAttribute("alt")); // its words follow the picture
        Assert.Equal(TeeShirts.Sku(tee.Slug, "M / Blue"), page.Find("#variant-sku")?.TextContent);
        var cart = page.Find("#add-to-cart")!;
        Assert.False(cart.HasAttribute("hidden"));
        Assert.Equal($"{ids["M / Blue"]}", cart.QuerySelector("input[name=variantId]")?.GetAttribute("value"));

        // Each value says what choosing it would give, the other option kept: M / Red is sold out, L / Blue missing.
        Assert.Equal("sold out", Note(page, "option2", "Red"));
        Assert.Equal("not available", Note(page, "option1", "L"));
        Assert.Equal("", Note(page, "option1", "S"));

        var added = await browser.SubmitAsync(page, "#add-to-cart", button: "Add to cart");
        Assert.Contains("M / Blue", added.Find("table.cart tbody")?.TextContent);
    }

    [Fact]
    public async Task A_sold_out_and_a_missing_combination_are_shown_unavailable_and_cannot_be_added()
    {
        var (tee, ids) = await CreateTeeAsync();
        using var browser = factory.CreateBrowser();
        var first = await browser.GetAsync($"/products/{tee.Slug}");

        var soldOut = await browser.SubmitAsync(first, "#variant-choice", new Dictionary<string, string> { ["option1"] = "M", ["option2"] = "Red" }, button: "Choose");
        Assert.Equal($"/products/{tee.Slug}?variant={ids["M / Red"]}", soldOut.Response.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal("Sold out", soldOut.Find("#variant-status")?.TextContent);
        Assert.True(soldOut.Find("#add-to-cart")!.HasAttribute("hidden"));
        Assert.True(string.IsNullOrEmpty(soldOut.Find("#add-to-cart input[name=variantId]")?.GetAttribute("value")));

        var missing = await browser.SubmitAsync(first, "#variant-choice", new Dictionary<string, string> { ["option1"] = "S", ["option2"] = "Red" }, button: "Choose");
        Assert.Equal(HttpStatusCode.OK, missing.Status);
        Assert.Equal($"/products/{tee.Slug}?option1=S&option2=Red", missing.Response.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal("Not available in this combination", missing.Find("#variant-status")?.TextContent);
        Assert.True(missing.Find("#variant-price")!.HasAttribute("hidden"), "no price: the product's would read as this combination's");
        Assert.Equal("S / Red", Chosen(missing));
        Assert.True(missing.Find("#add-to-cart")!.HasAttribute("hidden"));
        Assert.True(string.IsNullOrEmpty(missing.Find("#add-to-cart input[name=variantId]")?.GetAttribute("value")));

        // Posted anyway, as a script would: the cart takes neither.
        var refused = await browser.SubmitAsync(soldOut, "#add-to-cart", new Dictionary<string, string> { ["variantId"] = $"{ids["M / Red"]}" }, button: "Add to cart");
        Assert.Contains("Test Tee (M / Red) is sold out.", refused.Find("main")?.TextContent);
        Assert.Equal(0, await factory.WithDbAsync(db => db.CartLines.CountAsync(l => l.VariantId == ids["M / Red"])));
    }

    [Theory]
    [InlineData("?variant=999999999")]
    [InlineData("?variant=abc")]
    [InlineData("?variant=")]
    [InlineData("?option1=XL&option2=Blue")]
    [InlineData("?option1=M")]
    public async Task An_address_naming_no_variant_of_the_product_goes_to_its_plain_address(string query)
    {
        var (tee, _) = await CreateTeeAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);

        var response = await browser.Client.GetAsync($"/products/{tee.Slug}{query}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/products/{tee.Slug}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Another_products_variant_is_not_this_products()
    {
        var (tee, _) = await CreateTeeAsync();
        var (_, others) = await CreateTeeAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);

        var response = await browser.Client.GetAsync($"/products/{tee.Slug}?variant={others["M / Blue"]}");

        Assert.Equal($"/products/{tee.Slug}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Two_variants_of_one_product_are_two_cache_entries_each_right_for_the_next_visitor()
    {
        var (tee, ids) = await CreateTeeAsync();
        var blue = $"/products/{tee.Slug}?variant={ids["M / Blue"]}";
        var red = $"/products/{tee.Slug}?variant={ids["L / Red"]}";
        using (var first = factory.CreateBrowser())
        {
            Assert.Null((await first.GetAsync(blue)).Response.Headers.Age);
            Assert.Null((await first.GetAsync(red)).Response.Headers.Age);
        }

        using var next = factory.CreateBrowser();
        var bluePage = await next.GetAsync(blue);
        var redPage = await next.GetAsync(red);
        var plain = await next.GetAsync($"/products/{tee.Slug}");

        Assert.NotNull(bluePage.Response.Headers.Age);
        Assert.Equal(("M / Blue", "€21.00"), (Chosen(bluePage), bluePage.Find("#variant-price")?.TextContent));
        Assert.NotNull(redPage.Response.Headers.Age);
        Assert.Equal(("L / Red", "€23.00"), (Chosen(redPage), redPage.Find("#variant-price")?.TextContent));
        Assert.Null(plain.Response.Headers.Age); // its own entry, not one of the variants'
        Assert.Equal("S / Blue", Chosen(plain));

        // Parameters the page does not read share the variant's entry.
        var tagged = await next.GetAsync(blue + "&utm_source=mail");
        Assert.NotNull(tagged.Response.Headers.Age);
        Assert.Equal("M / Blue", Chosen(tagged));
    }

    [Fact]
    public async Task The_page_carries_every_variant_once_as_data_for_its_script()
    {
        var (tee, ids) = await CreateTeeAsync();
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products/{tee.Slug}");

        var json = System.Text.Json.JsonDocument.Parse(page.Find("script#variant-data[type='application/json']")!.TextContent).RootElement;
        var variants = json.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(ids.Values.Order(), variants.Select(v => v[0].GetInt32()).Order());
        var mBlue = variants.Single(v => v[0].GetInt32() == ids["M / Blue"]); // [id, price, image, stock, most, values...]
        Assert.Equal("€21.00", json.GetProperty("prices")[mBlue[1].GetInt32()].GetString());
        Assert.Equal(TeeShirts.BlueImage, json.GetProperty("images")[mBlue[2].GetInt32()].GetString());
        Assert.Equal(["M", "Blue"], json.GetProperty("options").EnumerateArray().Select((values, i) => values[mBlue[5 + i].GetInt32()].GetString()));
        Assert.Equal(0, variants.Single(v => v[0].GetInt32() == ids["M / Red"])[4].GetInt32()); // sold out: none to add

        // Each SKU is said once, in the JSON-LD, which lists the variants in the same order for the script to read.
        var skus = System.Text.Json.JsonDocument.Parse(page.Find("script[type='application/ld+json']")!.TextContent).RootElement
            .GetProperty("hasVariant").EnumerateArray().Select(v => v.GetProperty("sku").GetString()).ToList();
        Assert.Equal(tee.Variants.Single(v => v.Id == ids["M / Blue"]).Sku, skus[variants.IndexOf(mBlue)]);
        Assert.DoesNotContain(skus[0]!, page.Find("#variant-data")!.TextContent, StringComparison.Ordinal);
        Assert.Single(page.Document.QuerySelectorAll("form#add-to-cart"));
        Assert.Contains(page.Document.Scripts, s => s.Source?.Contains("/js/variants", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_product_with_2048_variants_is_one_compact_page_with_its_variants_as_data()
    {
        var category = await factory.CreateCategoryAsync();
        var product = TeeShirts.New(category.Id, CatalogSteps.Marker());
        string[] Values(string prefix, int count) => [.. Enumerable.Range(1, count).Select(i => $"{prefix}{i}")];
        product.Options.Clear();
        product.Options.AddRange([
            new ProductOption { Name = "Size", Position = 0, Values = [.. Values("S", 16)] },
            new ProductOption { Name = "Colour", Position = 1, Values = [.. Values("C", 16)] },
            new ProductOption { Name = "Fit", Position = 2, Values = [.. Values("F", 8)] }]);
        product.Variants.Clear();
        foreach (var (size, colour, fit) in from a in product.Options[0].Values from b in product.Options[1].Values from c in product.Options[2].Values select (a, b, c))
        {
            product.Variants.Add(new ProductVariant
            {
                Sku = $"{product.Slug}-{size}-{colour}-{fit}".ToUpperInvariant(), Option1 = size, Option2 = colour, Option3 = fit,
                Stock = product.Variants.Count % 5, Position = product.Variants.Count,
            });
        }

        await factory.WithDbAsync(async db =>
        {
            db.Products.Add(product);
            return await db.SaveChangesAsync();
        });
        await factory.CatalogChangedAsync();
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products/{product.Slug}?variant={product.Variants[1234].Id}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("S10 / C11 / F3", product.Variants[1234].OptionText);
        Assert.Equal("S10 / C11 / F3", Chosen(page));
        Assert.Equal(16 + 16 + 8, page.Document.QuerySelectorAll("#variant-choice input[type=radio]").Length);
        Assert.Single(page.Document.QuerySelectorAll("form"), f => f.Id == "add-to-cart");
        var json = System.Text.Json.JsonDocument.Parse(page.Find("#variant-data")!.TextContent).RootElement;
        Assert.Equal(ProductVariant.MaxPerProduct, json.GetProperty("variants").GetArrayLength());

        // The JSON block is the data: about 25 bytes a variant, and the rest of the page does not grow with them, but for
        // the search engines' JSON-LD, which holds one offer per variant (Catalog/Seo, VariantJsonLdTests) and about
        // 300 bytes a variant here (a long SKU, an option schema.org has no property for): nothing the group already says.
        var jsonLd = page.Find("script[type='application/ld+json']")!.TextContent;
        Assert.Equal(ProductVariant.MaxPerProduct, System.Text.Json.JsonDocument.Parse(jsonLd).RootElement.GetProperty("hasVariant").GetArrayLength());
        Assert.InRange(page.Find("#variant-data")!.TextContent.Length, 1, 30 * ProductVariant.MaxPerProduct);
        Assert.InRange(page.Body.Length - jsonLd.Length, 1, 80_000);
        Assert.InRange(jsonLd.Length, 1, 310 * ProductVariant.MaxPerProduct);

        // Another visitor gets the page from the cache, written to them in segments with the hole filled on the way:
        // the same page, but for a token of their own that adds to their cart.
        using var second = factory.CreateBrowser();
        var cached = await second.GetAsync($"/products/{product.Slug}?variant={product.Variants[1234].Id}");
        Assert.NotNull(cached.Response.Headers.Age);
        var placeholder = factory.Services.GetRequiredService<ShopWeb.Infrastructure.AntiforgeryHole>().Placeholder;
        string Token(HtmlPage p) => p.Find("#add-to-cart input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.NotEqual(Token(page), Token(cached));
        Assert.DoesNotContain(placeholder, cached.Body);
        Assert.Equal(page.Body.Replace(Token(page), Token(cached), StringComparison.Ordinal), cached.Body);
        Assert.Equal(HttpStatusCode.OK, (await second.SubmitAsync(cached, "#add-to-cart", button: "Add to cart")).Status);
    }

    private async Task<(Product Tee, Dictionary<string, int> Ids)> CreateTeeAsync()
    {
        var tee = await factory.CreateTeeAsync();
        return (tee, tee.Variants.ToDictionary(v => v.OptionText, v => v.Id));
    }

    private static string Chosen(HtmlPage page) =>
        string.Join(" / ", page.Document.QuerySelectorAll("#variant-choice input[type=radio]:checked").Select(r => r.GetAttribute("value")));

    private static string? Note(HtmlPage page, string option, string value) =>
        page.Find($"#variant-choice input[name={option}][value='{value}']")?.ParentElement?.QuerySelector(".choice-note")?.TextContent;
}
