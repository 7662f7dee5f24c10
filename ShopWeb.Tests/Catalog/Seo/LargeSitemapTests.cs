using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog.Seo;

/// <summary>The acceptance case: the largest demo catalog, at the protocol's own limit of 50,000 addresses a file.</summary>
[Collection(LargestCatalogCollection.Name)]
public sealed class LargeSitemapTests(LargestCatalog factory)
{
    [Fact]
    public async Task With_100000_products_the_index_is_valid_and_its_files_hold_every_published_product_once()
    {
        using var client = factory.CreateClient();

        // A few taken off sale, scattered through the id order (and so through both files); put back at the end, since
        // the catalog is shared.
        var unpublished = await factory.WithDbAsync(async db =>
        {
            var ids = await db.Products.OrderBy(p => p.Id).Select(p => p.Id).Where(id => id % 9973 == 0).ToListAsync();
            await db.Products.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPublished, false));
            return await db.Products.Where(p => ids.Contains(p.Id)).Select(p => p.Slug).ToListAsync();
        });
        try
        {
            await factory.CatalogChangedAsync();

            var (files, addresses) = await SitemapReader.ReadAllAsync(client);

            var published = await factory.WithDbAsync(db => db.Products.Where(p => p.IsPublished).Select(p => p.Slug).ToListAsync());
            Assert.Equal(LargestCatalog.Products - unpublished.Count, published.Count);
            Assert.NotEmpty(unpublished);
            Assert.Equal(3, files.Count); // the pages file and two product files of at most 50,000
            var products = addresses.Select(SitemapReader.PathOf).Where(p => p.StartsWith("/products/", StringComparison.Ordinal)).ToList();
            Assert.Equal(published.Count, products.Count);
            Assert.Equal(products.Count, new HashSet<string>(products).Count);
            Assert.True(new HashSet<string>(published.Select(s => "/products/" + s)).SetEquals(products));
            Assert.All(unpublished, slug => Assert.DoesNotContain("/products/" + slug, products));
        }
        finally
        {
            await factory.WithDbAsync(db => db.Products.Where(p => unpublished.Contains(p.Slug)).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsPublished, true)));
            await factory.CatalogChangedAsync();
        }
    }
}
