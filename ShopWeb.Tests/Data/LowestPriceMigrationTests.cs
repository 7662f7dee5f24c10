using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Data;

/// <summary>
/// The LowestPrice migration on a store with products in it, on whichever store the suite runs: the products of then
/// sort by the price their tiles say, "from" their cheapest variant on sale, as soon as today's shop has migrated it.
/// </summary>
public sealed class LowestPriceMigrationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-migration-").FullName;

    [Fact]
    public async Task Products_of_before_sort_by_their_cheapest_variant_on_sale()
    {
        var store = TestStore.For(folder);
        await using (var db = OldStores.ContextFor(store))
        {
            await db.GetService<IMigrator>().MigrateAsync(OldStores.Before(db, "LowestPrice"));
            await using var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var category = await OldStores.InsertAsync(connection, """
                INSERT INTO "Categories" ("Name", "Slug", "Description", "SortOrder") VALUES ('Old Things', 'old-things', '', 0) RETURNING "Id"
                """);
            async Task Product(string name, long price, params (long? Price, bool OnSale)[] variants)
            {
                var product = await OldStores.InsertAsync(connection, """
                    INSERT INTO "Products" ("Name", "Slug", "Description", "PriceMinor", "ImagePath", "CategoryId", "IsPublished", "CreatedAt", "Version", "SearchText")
                    VALUES (@p0, @p1, '', @p2, '/images/products/enamel-camping-mug.svg', @p3, TRUE, @p4, 0, @p5) RETURNING "Id"
                    """, name, name.ToLowerInvariant().Replace(' ', '-'), price, category, OldStores.Time(store, DateTimeOffset.UtcNow), name.ToLowerInvariant());
                foreach (var (variant, i) in variants.Select((v, i) => (v, i)))
                {
                    await OldStores.InsertAsync(connection, """
                        INSERT INTO "ProductVariants" ("ProductId", "Sku", "PriceMinor", "Stock", "IsOnSale", "Position") VALUES (@p0, @p1, @p2, 5, @p3, @p4) RETURNING "Id"
                        """, product, $"{name.ToUpperInvariant().Replace(' ', '-')}-{i}", variant.Price, variant.OnSale, i);
                }
            }

            await Product("Old Tee", 3000, (1200, true), (null, true));     // from €12.00 to €30.00
            await Product("Old Mug", 1500, (null, true));                   // €15.00
            await Product("Old Lamp", 900, (500, false), (2500, true));     // €25.00: its €5.00 variant is not on sale
        }

        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" }, folder);
        using var browser = shop.CreateBrowser();

        var cheapestFirst = await browser.GetAsync("/products?category=old-things&sort=price-asc");
        Assert.Equal(
            [("Old Tee", "from €12.00"), ("Old Mug", "€15.00"), ("Old Lamp", "€25.00")],
            cheapestFirst.Document.QuerySelectorAll(".product-tile").Select(t => (t.QuerySelector(".product-name")!.TextContent.Trim(), t.QuerySelector(".price")!.TextContent.Trim())));
        Assert.Equal(["Old Lamp", "Old Mug", "Old Tee"], (await browser.GetAsync("/products?category=old-things&sort=price-desc")).ProductNames());
    }

    public void Dispose() => TestStore.Delete(folder);
}
