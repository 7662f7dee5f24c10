using System.Net.Http.Json;
using System.Text.Json;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// A search with more than 1,000 matches, on either store: it counts to 1,000 and says "1,000+", its pages hold the
/// first 1,000, Best match ranks the 1,000 newest matches, and the other sorts still find their order among all.
/// </summary>
public sealed class LargeSearchTests(LargeSearchTests.Shop shop) : IClassFixture<LargeSearchTests.Shop>
{
    private const int Lamps = 1100;

    /// <summary>1,100 lamps of one category with the marker in their names, in one write; prices and ages out of name order.</summary>
    public sealed class Shop : ShopFactory, IAsyncLifetime
    {
        public string Marker { get; } = CatalogSteps.Marker();

        public Category Lamps { get; private set; } = null!;

        public Category Other { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Lamps = await this.CreateCategoryAsync();
            Other = await this.CreateCategoryAsync();
            await WithDbAsync(async db =>
            {
                for (var i = 1; i <= LargeSearchTests.Lamps; i++)
                {
                    db.Products.Add(Product(Lamps, $"Lamp {Marker} {i:0000}", PriceOf(i), daysOld: DaysOld(i)));
                }

                // Matches by its description only, and one in another category; an unpublished one never shows.
                db.Products.Add(Product(Lamps, "Reading light", 1, daysOld: 0, description: $"A lamp {Marker} for the bedside"));
                db.Products.Add(Product(Other, $"Lamp {Marker} elsewhere", 2, daysOld: 0));
                var hidden = Product(Lamps, $"Lamp {Marker} hidden", 3, daysOld: 0);
                hidden.IsPublished = false;
                db.Products.Add(hidden);
                return await db.SaveChangesAsync();
            });
            await this.CatalogChangedAsync();
        }

        // The factory itself is disposed as the IDisposable it is.
        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        private static Product Product(Category category, string name, long price, int daysOld, string description = "")
        {
            var product = new Product
            {
                Name = name, Slug = CatalogSteps.Marker(), Description = description, PriceMinor = price, CategoryId = category.Id,
                IsPublished = true, ImagePath = "/images/products/enamel-camping-mug.svg", CreatedAt = DateTimeOffset.UtcNow.AddDays(-daysOld).AddMinutes(-daysOld),
            };
            product.Variants.Add(new ProductVariant { Sku = Skus.Of(product.Slug), Stock = 5 });
            product.RefreshSearchText();
            return product;
        }
    }

    // Prices and ages in an order of their own, each different, so no sort passes by following the names or ids.
    private static long PriceOf(int i) => 100 + (i * 37 % Lamps);

    private static int DaysOld(int i) => 1 + (i * 53 % Lamps);

    private IEnumerable<int> AllLamps => Enumerable.Range(1, Lamps);

    private string Name(int i) => $"Lamp {shop.Marker} {i:0000}";

    [Fact]
    public async Task More_than_1000_matches_say_1000_plus_and_the_pages_hold_the_first_1000()
    {
        using var browser = shop.CreateBrowser();

        var first = await browser.GetAsync($"/products?q=lamp+{shop.Marker}");
        var last = await browser.GetAsync($"/products?q=lamp+{shop.Marker}&page=84");
        var past = await browser.GetAsync($"/products?q=lamp+{shop.Marker}&page=500");

        Assert.Equal("1,000+ products, page 1 of 84", first.Find(".result-count")?.TextContent.Trim());
        Assert.Contains("show the first 1,000", first.Find("#search-capped")?.TextContent);
        Assert.Equal("84", first.Document.QuerySelectorAll(".pagination li a[aria-label]").Last().TextContent.Trim());
        Assert.Equal(12, first.ProductNames().Count);
        Assert.Equal(1000 - (83 * 12), last.ProductNames().Count);
        Assert.Equal("1,000+ products, page 84 of 84", past.Find(".result-count")?.TextContent.Trim());
        Assert.Equal(last.ProductNames(), past.ProductNames());
    }

    [Fact]
    public async Task A_listing_without_search_words_counts_every_product_exactly_in_the_shops_notation()
    {
        using var browser = shop.CreateBrowser();

        var listing = await browser.GetAsync($"/products?category={shop.Lamps.Slug}");

        // Every lamp and the reading light (the hidden one never counts): counted exactly, not capped, as "1,101".
        Assert.Equal("1,101 products, page 1 of 92", listing.Find(".result-count")?.TextContent.Trim());
    }

    [Fact]
    public async Task Best_match_ranks_the_1000_newest_matches_and_every_page_follows_on()
    {
        using var browser = shop.CreateBrowser();
        var shown = new List<string>();
        foreach (var page in new[] { 1, 2, 83, 84 })
        {
            shown.AddRange((await browser.GetAsync($"/products?q=lamp+{shop.Marker}&page={page}")).ProductNames());
        }

        // The newest 1,000 matches are the last written: the lamps in another category and the description's match,
        // then lamps 1100 back to 103. All names rank alike, so by name; the description's match ranks last.
        var candidates = AllLamps.Where(i => i > Lamps - 998).Select(Name).Append($"Lamp {shop.Marker} elsewhere").Order(StringComparer.Ordinal).ToList();
        Assert.Equal([.. candidates.Take(24), .. candidates.Skip(82 * 12).Take(999 - (82 * 12)), "Reading light"], shown);
    }

    [Theory]
    [InlineData("price-asc")]
    [InlineData("price-desc")]
    [InlineData("newest")]
    [InlineData("name")]
    public async Task The_other_sorts_order_every_match_and_page_on(string sort)
    {
        using var browser = shop.CreateBrowser();

        var first = await browser.GetAsync($"/products?q=lamp+{shop.Marker}&category={shop.Lamps.Slug}&sort={sort}");
        var second = await browser.GetAsync($"/products?q=lamp+{shop.Marker}&category={shop.Lamps.Slug}&sort={sort}&page=2");

        // Every lamp of the category, also those older than the newest 1,000, and the description's match.
        var rows = AllLamps.Select(i => (Name: Name(i), Price: PriceOf(i), DaysOld: DaysOld(i))).Append((Name: "Reading light", Price: 1L, DaysOld: 0)).ToList();
        var expected = (sort switch
        {
            "price-asc" => rows.OrderBy(r => r.Price).ThenBy(r => r.Name, StringComparer.Ordinal),
            "price-desc" => rows.OrderByDescending(r => r.Price).ThenBy(r => r.Name, StringComparer.Ordinal),
            "newest" => rows.OrderBy(r => r.DaysOld).ThenBy(r => r.Name, StringComparer.Ordinal),
            _ => rows.OrderBy(r => r.Name, StringComparer.Ordinal),
        }).Select(r => r.Name).ToList();
        Assert.Equal(expected.Take(12), first.ProductNames());
        Assert.Equal(expected.Skip(12).Take(12), second.ProductNames());
        Assert.Equal("1,000+ products, page 2 of 84", second.Find(".result-count")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_narrower_search_counts_exactly_and_a_suggestion_says_1000_plus()
    {
        using var browser = shop.CreateBrowser();

        var narrower = await browser.GetAsync($"/products?q={shop.Marker}+elsewhere");
        var nothing = await browser.GetAsync($"/products?q=lamp+{shop.Marker}+zzunknownword");

        Assert.Equal("1 product", narrower.Find(".result-count")?.TextContent.Trim());
        Assert.Null(narrower.Find("#search-capped"));
        var offers = nothing.Document.QuerySelectorAll(".nothing-found li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains($"lamp {shop.Marker} (1,000+ products)", offers);
    }

    [Fact]
    public async Task The_api_says_the_count_stopped_at_1000_and_its_document_says_so()
    {
        using var client = shop.CreateApiClient();

        var response = await client.GetAsync($"/api/v1/products?q=lamp+{shop.Marker}&pageSize=100&page=10");
        var few = await client.GetFromJsonAsync<JsonElement>($"/api/v1/products?q={shop.Marker}+elsewhere");
        var past = await client.GetFromJsonAsync<JsonElement>($"/api/v1/products?q=lamp+{shop.Marker}&pageSize=100&page=11");

        await OpenApiContract.AssertMatchesAsync(response, "GET", "/api/v1/products");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1000, body.GetProperty("totalCount").GetInt32());
        Assert.True(body.GetProperty("totalCountCapped").GetBoolean());
        Assert.Equal(10, body.GetProperty("totalPages").GetInt32());
        Assert.Equal(100, body.GetProperty("items").GetArrayLength());
        Assert.Equal(1, few.GetProperty("totalCount").GetInt32());
        Assert.False(few.GetProperty("totalCountCapped").GetBoolean());
        Assert.Equal(0, past.GetProperty("items").GetArrayLength());
    }
}
