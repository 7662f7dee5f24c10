using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog.Seo;

/// <summary>
/// /sitemap.xml on the demo catalog, with small files (Sitemap:ProductsPerFile) so that paging across files shows:
/// every product on sale once, nothing else, cached and evicted with the catalog.
/// </summary>
public sealed class SitemapTests : IClassFixture<SitemapTests.SmallFilesShop>
{
    public sealed class SmallFilesShop() : ShopFactory(new Dictionary<string, string?> { ["Sitemap:ProductsPerFile"] = "20" });

    private readonly SmallFilesShop factory;

    public SitemapTests(SmallFilesShop factory) => this.factory = factory;

    [Fact]
    public async Task The_index_names_the_pages_file_and_product_files_that_hold_every_published_product_once()
    {
        var category = await factory.CreateCategoryAsync();
        var hidden = await factory.CreateProductAsync(category, "Hidden jug", published: false);
        using var client = factory.CreateClient();

        var (files, addresses) = await SitemapReader.ReadAllAsync(client);

        var published = await factory.WithDbAsync(db => db.Products.Where(p => p.IsPublished).Select(p => p.Slug).ToListAsync());
        Assert.Equal(ShopFactory.PublicUrl + "sitemaps/pages.xml", files[0]);
        Assert.Equal(Enumerable.Range(1, (published.Count + 19) / 20).Select(n => $"{ShopFactory.PublicUrl}sitemaps/products-{n}.xml"), files.Skip(1));
        var products = addresses.Select(SitemapReader.PathOf).Where(p => p.StartsWith("/products/", StringComparison.Ordinal)).ToList();
        Assert.Equal(products.Count, products.Distinct().Count());
        Assert.Equal(published.Select(s => "/products/" + s).Order(), products.Order());
        Assert.DoesNotContain("/products/" + hidden.Slug, products);

        // Each address is a page that answers.
        foreach (var path in addresses.Select(SitemapReader.PathOf).Take(30))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task The_pages_file_names_the_home_page_the_listing_and_each_category_with_products_on_sale()
    {
        var empty = await factory.CreateCategoryAsync();
        using var client = factory.CreateClient();

        var pages = (await SitemapReader.ReadAsync(client, "/sitemaps/pages.xml", "urlset", "url")).Select(SitemapReader.PathOf).ToList();

        var categories = await factory.WithDbAsync(db => db.Categories.Where(c => db.Products.Any(p => p.CategoryId == c.Id && p.IsPublished))
            .Select(c => c.Slug).ToListAsync());
        Assert.Equal(["/", "/products", .. categories.Select(s => "/products?category=" + s).Order()], [pages[0], pages[1], .. pages.Skip(2).Order()]);
        Assert.DoesNotContain("/products?category=" + empty.Slug, pages);
    }

    [Fact]
    public async Task A_product_file_past_the_last_or_at_another_address_than_the_index_gives_is_not_found()
    {
        using var client = factory.CreateClient();
        var (files, _) = await SitemapReader.ReadAllAsync(client);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/sitemaps/products-{files.Count}.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sitemaps/products-0.xml")).StatusCode);
        // The first file is there, at its one address only: no duplicate of it for a search engine to find.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/sitemaps/products-1.xml")).StatusCode);
        foreach (var other in new[] { "/sitemaps/products-01.xml", "/sitemaps/products-1.xml/", "/sitemaps/products-+1.xml" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(other)).StatusCode);
        }
    }

    [Fact]
    public async Task The_sitemaps_are_cached_and_evicted_with_the_catalog()
    {
        using var client = factory.CreateClient();
        var (files, _) = await SitemapReader.ReadAllAsync(client);
        using (var again = await client.GetAsync(files[^1]))
        {
            Assert.NotNull(again.Headers.Age); // served from the output cache
        }

        // The admin's publish goes through CatalogCache, as CatalogSteps does: the next crawl sees the new product.
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Newly listed teapot");
        var (_, addresses) = await SitemapReader.ReadAllAsync(client);
        Assert.Contains($"{ShopFactory.PublicUrl}products/{product.Slug}", addresses);

        await factory.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPublished, false)));
        await factory.CatalogChangedAsync();
        (_, addresses) = await SitemapReader.ReadAllAsync(client);
        Assert.DoesNotContain($"{ShopFactory.PublicUrl}products/{product.Slug}", addresses);
    }
}
