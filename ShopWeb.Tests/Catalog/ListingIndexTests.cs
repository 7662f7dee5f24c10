using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// Every way the catalog lists products is read from an index, in order: no listing sorts or scans the products
/// table, so a page costs the same with 66 products as with 100,000. (Search results are ordered by relevance,
/// which no index holds; they are sorted after the search index found them.)
/// </summary>
public sealed class ListingIndexTests : IDisposable
{
    private readonly QueryRecorder recorder = new();
    private readonly ShopFactory factory;

    public ListingIndexTests() =>
        factory = new ShopFactory(settings: null, services: services => ShopFactory.AddStoreInterceptor(services, recorder));

    public static TheoryData<string> Listings()
    {
        var data = new TheoryData<string> { "/" };
        foreach (var category in new[] { "", "&category=kitchen" })
        {
            foreach (var sort in new[] { "featured", "price-asc", "price-desc", "newest", "name" })
            {
                data.Add($"/products?sort={sort}{category}");
            }
        }

        return data;
    }

    [SqliteOnlyTheory("it reads SQLite's query plans")]
    [MemberData(nameof(Listings))]
    public async Task A_listing_reads_its_page_from_an_index_without_sorting(string url)
    {
        using var browser = factory.CreateBrowser();
        await factory.Services.GetRequiredService<CatalogCache>().CatalogChangedAsync(); // the featured products are held in memory
        recorder.Clear();
        var page = await browser.GetAsync(url);
        Assert.NotEmpty(page.Document.QuerySelectorAll(".product-tile"));

        var productQueries = recorder.Commands.Where(c => c.Sql.Contains("FROM \"Products\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(productQueries);
        foreach (var query in productQueries)
        {
            var plan = await PlanAsync(query);
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN p", StringComparison.Ordinal) && !step.Contains("INDEX", StringComparison.Ordinal));
        }
    }

    private Task<List<string>> PlanAsync(RecordedCommand query) => query.PlanAsync(factory.DatabasePath);

    public void Dispose() => factory.Dispose();
}
