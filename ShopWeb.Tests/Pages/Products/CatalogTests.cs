using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Products;

public sealed class CatalogTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Search_finds_every_word_in_name_or_description_in_any_case_and_script()
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        await factory.CreateProductAsync(category, $"Crème Jug {marker}", description: "Glazed stoneware");
        await factory.CreateProductAsync(category, $"Plain Jug {marker}", description: "Glazed porcelain with a CRÈME finish");
        await factory.CreateProductAsync(category, $"Tea Towel {marker}", description: "Linen");
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q={Uri.EscapeDataString($"crème {marker.ToUpperInvariant()}")}");

        Assert.Equal([$"Crème Jug {marker}", $"Plain Jug {marker}"], page.ProductNames().Order());
        Assert.Equal("2 products", page.Find(".result-count")?.TextContent.Trim());
    }

    [Fact]
    public async Task Search_ranks_a_word_in_the_name_above_one_in_the_description()
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        await factory.CreateProductAsync(category, $"Kettle {marker}", description: "Pours well beside any teapot");
        await factory.CreateProductAsync(category, $"Teapot {marker}", description: "Cast iron");
        await factory.CreateProductAsync(category, $"Mug {marker}", description: "Stoneware");
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q=teapot+{marker}");

        // "Kettle" comes first by name and by the featured order; relevance puts the teapot first.
        Assert.Equal([$"Teapot {marker}", $"Kettle {marker}"], page.ProductNames());
        Assert.Equal("Best match", page.Find("#sort option[selected]")?.TextContent);
    }

    [Theory]
    [InlineData("tea inf")]
    [InlineData("TEA INF")]
    [InlineData("Stainless tea")]
    [InlineData("infus")]
    public async Task Words_match_the_start_of_words_in_any_case(string q)
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q={Uri.EscapeDataString(q)}");

        Assert.Contains("Stainless Tea Infuser", page.ProductNames());
        Assert.DoesNotContain("Cast Iron Skillet 26 cm", page.ProductNames());
    }

    [Fact]
    public async Task A_word_inside_another_word_does_not_match()
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        await factory.CreateProductAsync(category, $"Steapot {marker}");
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q=teapot+{marker}");

        Assert.Equal("No products found.", page.Find(".result-count")?.TextContent.Trim());
    }

    [Theory]
    [InlineData("tea*", true)]
    [InlineData("\"tea", true)]
    [InlineData("tea OR skillet", false)]
    [InlineData("NEAR(tea inf)", false)]
    [InlineData("-tea", true)]
    [InlineData("Name:tea", false)]
    [InlineData("^tea + inf", true)]
    [InlineData("tea AND NOT inf", false)]
    public async Task Search_syntax_in_the_box_is_taken_as_plain_words(string q, bool findsTheInfuser)
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q={Uri.EscapeDataString(q)}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Find(".result-count"));
        Assert.Equal(findsTheInfuser, page.ProductNames().Contains("Stainless Tea Infuser"));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("-")]
    [InlineData("NEAR(")]
    [InlineData("OR")]
    [InlineData("*")]
    [InlineData("( ) : ^ + \" '")]
    public async Task Search_syntax_alone_never_fails(string q)
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q={Uri.EscapeDataString(q)}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Find(".result-count"));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("-")]
    [InlineData("( ) : ^ + * '")]
    public async Task Only_punctuation_is_like_an_empty_search(string q)
    {
        using var browser = factory.CreateBrowser();

        var all = await browser.GetAsync("/products");
        var page = await browser.GetAsync($"/products?q={Uri.EscapeDataString(q)}");

        Assert.Equal(all.Find(".result-count")?.TextContent.Trim(), page.Find(".result-count")?.TextContent.Trim());
        Assert.Equal("", page.Find("#q")?.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task Search_within_a_category_with_a_sort_and_pages()
    {
        var marker = CatalogSteps.Marker();
        var lamps = await factory.CreateCategoryAsync();
        var other = await factory.CreateCategoryAsync();
        for (var i = 1; i <= 14; i++)
        {
            await factory.CreateProductAsync(lamps, $"Lamp {marker} {i:00}", priceMinor: 100 * ((i * 7) % 15 + 1));
        }

        await factory.CreateProductAsync(other, $"Lamp {marker} elsewhere", priceMinor: 50);
        await factory.CreateProductAsync(lamps, $"Hidden lamp {marker}", priceMinor: 60, published: false);
        using var browser = factory.CreateBrowser();

        var cheapFirst = await browser.GetAsync($"/products?q=lamp+{marker}&category={lamps.Slug}&sort=price-asc");
        var secondPage = await browser.GetAsync($"/products?q=lamp+{marker}&category={lamps.Slug}&sort=price-asc&page=2");
        var dearFirst = await browser.GetAsync($"/products?q={marker}&category={lamps.Slug}&sort=price-desc");
        var everywhere = await browser.GetAsync($"/products?q={marker}&sort=price-asc");

        var ascending = Enumerable.Range(1, 14).OrderBy(i => (i * 7) % 15).Select(i => $"Lamp {marker} {i:00}").ToList();
        Assert.Equal(ascending.Take(12), cheapFirst.ProductNames());
        Assert.Equal(ascending.Skip(12), secondPage.ProductNames());
        Assert.Equal("14 products, page 2 of 2", secondPage.Find(".result-count")?.TextContent.Trim());
        Assert.Equal($"/products?q=lamp%20{marker}&category={lamps.Slug}&sort=price-asc", secondPage.Find(".pagination a[rel=prev]")?.GetAttribute("href"));
        Assert.Equal(Enumerable.Reverse(ascending).Take(12), dearFirst.ProductNames());
        Assert.Equal($"Lamp {marker} elsewhere", everywhere.ProductNames()[0]);
        Assert.Equal("15 products, page 1 of 2", everywhere.Find(".result-count")?.TextContent.Trim());
    }

    [Fact]
    public async Task Many_pages_show_the_first_the_last_and_those_near_this_one()
    {
        var category = await factory.CreateCategoryAsync();
        for (var i = 1; i <= 12 * 9; i++)
        {
            await factory.CreateProductAsync(category, $"Item {i:000}");
        }

        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync($"/products?category={category.Slug}&sort=name&page=5");

        var numbers = page.Document.QuerySelectorAll(".pagination li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(["Previous page", "1", "…", "3", "4", "5", "6", "7", "…", "9", "Next page"], numbers);
        Assert.Equal("Item 049", page.ProductNames()[0]);
    }

    [Fact]
    public async Task A_search_that_finds_nothing_offers_the_same_search_with_fewer_words()
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        await factory.CreateProductAsync(category, $"Teapot {marker}");
        await factory.CreateProductAsync(category, $"Green teapot {marker}");
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q=teapot+{marker}+zzunknownword");

        Assert.Equal("No products found.", page.Find(".result-count")?.TextContent.Trim());
        var offers = page.Document.QuerySelectorAll(".nothing-found li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal([$"teapot {marker} (2 products)"], offers);
        var link = page.Find(".nothing-found li a")!.GetAttribute("href")!;
        var fewer = await browser.GetAsync(link);
        Assert.Equal([$"Green teapot {marker}", $"Teapot {marker}"], fewer.ProductNames().Order());
    }

    [Fact]
    public async Task A_product_renamed_by_an_admin_is_found_by_its_new_name_at_once_and_no_longer_by_the_old()
    {
        var oldWord = CatalogSteps.Marker();
        var newWord = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, $"Lantern {oldWord}");
        using var admin = await factory.SignedInAdminAsync();
        using var shopper = factory.CreateBrowser();
        Assert.Equal([$"Lantern {oldWord}"], (await shopper.GetAsync($"/products?q={oldWord}")).ProductNames());

        var edit = await admin.GetAsync($"/admin/products/edit/{product.Id}");
        await admin.SubmitAsync(edit, "#product", new Dictionary<string, string> { ["Input.Name"] = $"Storm lantern {newWord}" });

        Assert.Equal([$"Storm lantern {newWord}"], (await shopper.GetAsync($"/products?q=storm+{newWord}")).ProductNames());
        Assert.Equal("No products found.", (await shopper.GetAsync($"/products?q={oldWord}")).Find(".result-count")?.TextContent.Trim());

        await factory.WithDbAsync(async db =>
        {
            db.Products.Remove((await db.Products.FindAsync(product.Id))!);
            return await db.SaveChangesAsync();
        });
        Assert.Equal("No products found.", (await shopper.GetAsync($"/products?q={newWord}")).Find(".result-count")?.TextContent.Trim());
    }

    [Fact]
    public async Task Filter_sort_by_price_in_the_database_and_paging_twelve_at_a_time()
    {
        var category = await factory.CreateCategoryAsync();
        for (var i = 1; i <= 14; i++)
        {
            // Prices out of name order, so a price sort cannot pass by accident.
            await factory.CreateProductAsync(category, $"Item {i:00}", priceMinor: 100 * ((i * 7) % 15 + 1), daysOld: i);
        }

        using var browser = factory.CreateBrowser();
        var cheapFirst = await browser.GetAsync($"/products?category={category.Slug}&sort=price-asc");
        var secondPage = await browser.GetAsync($"/products?category={category.Slug}&sort=price-asc&page=2");
        var dearFirst = await browser.GetAsync($"/products?category={category.Slug}&sort=price-desc");
        var newest = await browser.GetAsync($"/products?category={category.Slug}&sort=newest");
        var byName = await browser.GetAsync($"/products?category={category.Slug}&sort=name&page=2");

        var ascending = Enumerable.Range(1, 14).OrderBy(i => (i * 7) % 15).Select(i => $"Item {i:00}").ToList();
        Assert.Equal(ascending.Take(12), cheapFirst.ProductNames());
        Assert.Equal(ascending.Skip(12), secondPage.ProductNames());
        Assert.Equal(Enumerable.Reverse(ascending).Take(12), dearFirst.ProductNames());
        Assert.Equal("Item 01", newest.ProductNames()[0]);
        Assert.Equal(["Item 13", "Item 14"], byName.ProductNames());
        Assert.Equal("14 products, page 2 of 2", secondPage.Find(".result-count")?.TextContent.Trim());
        Assert.Equal("2", secondPage.Find(".pagination a[aria-current=page]")?.TextContent);
        Assert.Equal($"/products?category={category.Slug}&sort=price-asc", secondPage.Find(".pagination a[rel=prev]")?.GetAttribute("href"));
    }

    [Theory]
    [InlineData("/products?page=-1")]
    [InlineData("/products?page=999999")]
    [InlineData("/products?page=abc")]
    [InlineData("/products?sort=%3Cscript%3Ealert(1)%3C/script%3E")]
    [InlineData("/products?category=%3Cscript%3E")]
    [InlineData("/products?category=no-such-category")]
    [InlineData("/products?q=%25%25%25_")]
    [InlineData("/products?q={huge}")]
    [InlineData("/products?q=a&q=b&page=1&page=2")]
    public async Task Hostile_query_strings_give_a_normal_page(string url)
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync(url.Replace("{huge}", new string('x', 10_000), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Find("#catalog-search"));
        Assert.NotNull(page.Find(".result-count"));
        Assert.DoesNotContain("<script>alert", page.Body);
    }

    [Fact]
    public async Task A_search_of_more_than_eight_words_or_with_one_letter_words_is_trimmed_and_the_page_says_so()
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        await factory.CreateProductAsync(category, $"Teapot {marker}", description: "alpha bravo charlie delta echo foxtrot golf");
        using var browser = factory.CreateBrowser();

        // Ten words: the last two (one of which nothing has) are left out, and so are the one-letter words.
        var page = await browser.GetAsync($"/products?q={marker}+a+alpha+bravo+x+charlie+delta+echo+foxtrot+golf+hotel+zzunknown");
        Assert.Equal([$"Teapot {marker}"], page.ProductNames());
        Assert.Equal($"Your search was shortened to \"{marker} alpha bravo charlie delta echo foxtrot golf\": a search looks for at most 8 words, "
            + "each of at least 2 characters.", page.Find("#search-trimmed")?.TextContent);

        // Only one-letter words: nothing to look for, so the whole catalog.
        var everything = await browser.GetAsync("/products?q=a+b");
        Assert.Equal((await browser.GetAsync("/products")).Find(".result-count")?.TextContent, everything.Find(".result-count")?.TextContent);
        Assert.Equal("A search looks for words of at least 2 characters, so here is everything.", everything.Find("#search-trimmed")?.TextContent);

        // Eight words of two letters or more are searched as they are.
        var whole = await browser.GetAsync($"/products?q=te+{marker}+alpha+bravo+charlie+delta+echo+foxtrot");
        Assert.Equal([$"Teapot {marker}"], whole.ProductNames());
        Assert.Null(whole.Find("#search-trimmed"));
    }

    [Fact]
    public async Task Nothing_found_says_so()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q={CatalogSteps.Marker()}");

        Assert.Equal("No products found.", page.Find(".result-count")?.TextContent.Trim());
        Assert.Contains("Nothing matches", page.Find(".nothing-found")?.TextContent);
    }

    [Fact]
    public async Task A_product_page_shows_price_and_stock_state_and_unknown_or_unpublished_slugs_are_404()
    {
        var category = await factory.CreateCategoryAsync();
        var plenty = await factory.CreateProductAsync(category, "Plenty", priceMinor: 1290, stock: 40);
        var few = await factory.CreateProductAsync(category, "Few", stock: 3);
        var none = await factory.CreateProductAsync(category, "None", stock: 0);
        var hidden = await factory.CreateProductAsync(category, "Hidden", published: false);
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products/{plenty.Slug}");
        Assert.Equal("Plenty", page.Heading);
        Assert.Equal("€12.90", page.Find(".product-detail .price")?.TextContent);
        Assert.Equal("In stock", page.Find(".product-detail .stock")?.TextContent);
        Assert.NotNull(page.Find("#add-to-cart"));
        Assert.Equal("Only 3 left", (await browser.GetAsync($"/products/{few.Slug}")).Find(".product-detail .stock")?.TextContent);
        var soldOut = await browser.GetAsync($"/products/{none.Slug}");
        Assert.Equal("Sold out", soldOut.Find(".product-detail .stock")?.TextContent);
        Assert.Null(soldOut.Find("#add-to-cart"));

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/products/{hidden.Slug}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/products/no-such-product")).Status);
        Assert.DoesNotContain("Hidden", (await browser.GetAsync($"/products?category={category.Slug}")).ProductNames());
    }

    [Fact]
    public async Task The_demo_catalog_is_seeded_and_the_home_page_shows_categories_and_featured_products()
    {
        using var browser = factory.CreateBrowser();

        var home = await browser.GetAsync("/");
        var all = await browser.GetAsync("/products");

        // Other tests in this class add categories of their own ("Test …"); the demo ones come first, in their order.
        var categories = home.Document.QuerySelectorAll(".category-list li .product-name").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["Kitchen", "Home & Living", "Garden", "Stationery", "Tea & Coffee", "Outdoor"], categories.Where(c => !c.StartsWith("Test ", StringComparison.Ordinal)));
        Assert.Equal(8, home.Document.QuerySelectorAll(".product-grid .product-tile").Length);
        Assert.True(int.Parse(all.Find(".result-count")!.TextContent.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) >= 60);
        var image = await browser.Client.GetAsync(home.Find(".product-tile img")!.GetAttribute("src"));
        Assert.Equal("image/svg+xml", image.Content.Headers.ContentType?.MediaType);

        var demoProducts = await factory.WithDbAsync(db => db.Products.CountAsync(p => p.Category!.Description != "A category for one test."));
        Assert.Equal(66, demoProducts);
    }
}
