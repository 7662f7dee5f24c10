using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// Best match on SQLite ranks from the full-text index alone and reads product rows only for the ranks on the page
/// (ProductSearchIndex): pages whose edges fall inside a run of equal ranks still follow on by name, and a product
/// taken off sale leaves the results and the count at once, although the ids left out come from memory.
/// </summary>
public sealed class SearchRankingTests(SearchRankingTests.Shop factory) : IClassFixture<SearchRankingTests.Shop>
{
    /// <summary>More products on sale than a search ranks, as a large catalog has: only then is the index read alone.</summary>
    public sealed class Shop : ShopFactory, IAsyncLifetime
    {
        public async Task InitializeAsync()
        {
            var category = await this.CreateCategoryAsync();
            await WithDbAsync(async db =>
            {
                for (var i = 0; i < ShopWeb.Catalog.ProductSearchIndex.MaxCounted; i++)
                {
                    var product = new ShopWeb.Data.Product
                    {
                        Name = $"Filler {i}", Slug = CatalogSteps.Marker(), Description = "", PriceMinor = 100, CategoryId = category.Id,
                        IsPublished = true, ImagePath = "/images/products/enamel-camping-mug.svg", CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
                    };
                    product.Variants.Add(new ShopWeb.Data.ProductVariant { Sku = ShopWeb.Catalog.Skus.Of(product.Slug), Stock = 5 });
                    product.RefreshSearchText();
                    db.Products.Add(product);
                }

                return await db.SaveChangesAsync();
            });
            await this.CatalogChangedAsync();
        }

        // The factory itself is disposed as the IDisposable it is.
        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    [Fact]
    public async Task Best_match_pages_follow_on_by_name_where_ranks_tie_across_a_page_edge()
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        // Written out of name order, so that neither the ids nor the ages give the order. The word in the name ranks
        // above the word in the description; within each, every product ranks alike.
        foreach (var i in new[] { 7, 19, 2, 11, 16, 4, 13, 1, 18, 9, 20, 6, 15, 3, 12, 17, 8, 14, 5, 10 })
        {
            await factory.CreateProductAsync(category, $"Mug {marker} {i:00}");
        }

        foreach (var i in new[] { 6, 2, 9, 4, 10, 1, 8, 3, 7, 5 })
        {
            await factory.CreateProductAsync(category, $"Plate {i:00}", description: $"Goes with the mug {marker}");
        }

        using var browser = factory.CreateBrowser();
        var shown = new List<string>();
        foreach (var page in new[] { 1, 2, 3 })
        {
            var results = await browser.GetAsync($"/products?q={marker}&page={page}");
            Assert.Equal($"30 products, page {page} of 3", results.Find(".result-count")?.TextContent.Trim());
            shown.AddRange(results.ProductNames());
        }

        Assert.Equal(
            [.. Enumerable.Range(1, 20).Select(i => $"Mug {marker} {i:00}"), .. Enumerable.Range(1, 10).Select(i => $"Plate {i:00}")],
            shown);
    }

    [Fact]
    public async Task The_best_match_comes_first_among_many_matches()
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        for (var i = 1; i <= 14; i++)
        {
            await factory.CreateProductAsync(category, $"Enamel mug {marker} with a long handle and a lid no {i}", description: "Tea");
        }

        await factory.CreateProductAsync(category, $"Teapot {marker}", description: "Cast iron, for tea", daysOld: 30);
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q=tea+{marker}");

        // The oldest, but the word begins a word of a short name, and the description says it again.
        Assert.Equal($"Teapot {marker}", page.ProductNames()[0]);
        Assert.Equal("15 products, page 1 of 2", page.Find(".result-count")?.TextContent.Trim());
    }

    [Theory]
    [InlineData("")]
    [InlineData("&sort=name")]
    public async Task A_product_taken_off_sale_leaves_the_search_at_once(string sort)
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        await factory.CreateProductAsync(category, $"Jug {marker} one");
        var leaving = await factory.CreateProductAsync(category, $"Jug {marker} two");
        await factory.CreateProductAsync(category, $"Jug {marker} three");
        using var browser = factory.CreateBrowser();
        var before = await browser.GetAsync($"/products?q={marker}{sort}");

        await SetPublishedAsync(leaving.Id, false);
        var after = await browser.GetAsync($"/products?q={marker}{sort}");
        await SetPublishedAsync(leaving.Id, true);
        var back = await browser.GetAsync($"/products?q={marker}{sort}");

        Assert.Equal("3 products", before.Find(".result-count")?.TextContent.Trim());
        Assert.Equal("2 products", after.Find(".result-count")?.TextContent.Trim());
        Assert.DoesNotContain($"Jug {marker} two", after.ProductNames());
        Assert.Equal(2, after.ProductNames().Count);
        Assert.Equal("3 products", back.Find(".result-count")?.TextContent.Trim());
        Assert.Contains($"Jug {marker} two", back.ProductNames());
    }

    [SqliteOnlyFact("it reads the FTS5 table's definition")]
    public async Task The_index_holds_the_prefixes_of_two_to_four_letters_that_every_search_word_is()
    {
        var definition = await factory.WithDbAsync(db => db.Database
            .SqlQueryRaw<string>("""SELECT sql AS "Value" FROM sqlite_master WHERE name = 'ProductSearch'""").SingleAsync());

        Assert.Contains("prefix = '2 3 4'", definition);
    }

    // As the admin's product form saves it: the row, then the catalog's change for every cache and held lookup.
    private async Task SetPublishedAsync(int productId, bool published)
    {
        await factory.WithDbAsync(async db =>
        {
            var product = await db.Products.FindAsync(productId);
            product!.IsPublished = published;
            return await db.SaveChangesAsync();
        });
        await factory.CatalogChangedAsync();
    }
}
