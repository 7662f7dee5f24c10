using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Ordering;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Data;

/// <summary>
/// The ProductVariants migration on a store with data in it, on whichever store the suite runs (SQLite, or PostgreSQL
/// under SHOPWEB_TEST_POSTGRES): a store migrated to the migration before it and filled as the shop of then filled it,
/// then opened by today's shop, which migrates it at start-up as it would in production.
/// </summary>
public sealed class ProductVariantsMigrationTests : IDisposable
{
    private const string Before = "CardPayments";
    private static readonly DateTimeOffset Then = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-migration-").FullName;

    [Fact]
    public async Task Every_product_becomes_one_variant_and_every_cart_and_order_line_still_reads_as_it_did()
    {
        var store = TestStore.For(folder);
        var guestKey = new string('k', 43);
        int skillet, kettle, hidden;
        string orderNumber = "SW-OLD2345", accessToken = new('t', 48);
        await using (var db = OldStores.ContextFor(store))
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            await using var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var category = await OldStores.InsertAsync(connection, """
                INSERT INTO "Categories" ("Name", "Slug", "Description", "SortOrder") VALUES (@p0, 'old-kitchen', '', 0) RETURNING "Id"
                """, "Old Kitchen");
            skillet = await InsertProductAsync(connection, store, category, "Oldtown Skillet", "oldtown-skillet", 4490, stock: 7, published: true);
            kettle = await InsertProductAsync(connection, store, category, "Oldtown Kettle", "oldtown-kettle", 3250, stock: 0, published: true);
            hidden = await InsertProductAsync(connection, store, category, "Oldtown Draft Lamp", "oldtown-draft-lamp", 9900, stock: 3, published: false);
            var gone = await InsertProductAsync(connection, store, category, "Oldtown Gone Mug", "oldtown-gone-mug", 1150, stock: 5, published: true);

            var cart = await OldStores.InsertAsync(connection, """INSERT INTO "Carts" ("GuestKey", "UpdatedAt") VALUES (@p0, @p1) RETURNING "Id" """, guestKey, OldStores.Time(store, Then));
            await OldStores.InsertAsync(connection, """INSERT INTO "CartLines" ("CartId", "ProductId", "Quantity") VALUES (@p0, @p1, 2) RETURNING "Id" """, cart, skillet);
            await OldStores.InsertAsync(connection, """INSERT INTO "CartLines" ("CartId", "ProductId", "Quantity") VALUES (@p0, @p1, 1) RETURNING "Id" """, cart, kettle);

            var order = await OldStores.InsertAsync(connection, """
                INSERT INTO "Orders" ("Number", "AccessToken", "IdempotencyKey", "Status", "Payment", "Shipping", "Currency",
                    "SubtotalMinor", "ShippingMinor", "TaxMinor", "TotalMinor", "PlacedAt", "Email", "FullName", "ShipName",
                    "Line1", "City", "PostalCode", "Country")
                VALUES (@p0, @p1, 'old-order-1', 'Shipped', 'BankTransfer', 'Standard', 'EUR', 10130, 0, 0, 10130, @p2,
                    'old@example.com', 'Olive Oldtown', 'Olive Oldtown', '1 Old Road', 'Oldtown', 'OT1 1AA', 'GB')
                RETURNING "Id"
                """, orderNumber, accessToken, OldStores.Time(store, Then));
            await OldStores.InsertAsync(connection, """
                INSERT INTO "OrderLines" ("OrderId", "ProductId", "ProductName", "ProductSlug", "UnitPriceMinor", "Quantity")
                VALUES (@p0, @p1, 'Oldtown Skillet', 'oldtown-skillet', 4490, 2) RETURNING "Id"
                """, order, skillet);
            await OldStores.InsertAsync(connection, """
                INSERT INTO "OrderLines" ("OrderId", "ProductId", "ProductName", "ProductSlug", "UnitPriceMinor", "Quantity")
                VALUES (@p0, @p1, 'Oldtown Gone Mug', 'oldtown-gone-mug', 1150, 1) RETURNING "Id"
                """, order, gone);
            // The mug was deleted after it was sold, as the admin does: its line lost the product and keeps its own copy.
            await OldStores.InsertAsync(connection, """DELETE FROM "Products" WHERE "Id" = @p0 RETURNING "Id" """, gone);
        }

        // Today's shop migrates the store at start-up, as it does in production.
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" }, folder);
        using var browser = shop.CreateBrowser();

        var variants = await shop.WithDbAsync(db => db.ProductVariants.AsNoTracking().Include(v => v.Product).ToListAsync());
        Assert.Equal(3, variants.Count);
        Assert.Equal(
            [("Oldtown Draft Lamp", "OLDTOWN-DRAFT-LAMP", 3, false), ("Oldtown Kettle", "OLDTOWN-KETTLE", 0, true), ("Oldtown Skillet", "OLDTOWN-SKILLET", 7, true)],
            variants.OrderBy(v => v.Product!.Name).Select(v => (v.Product!.Name, v.Sku, v.Stock, v.Product.IsPublished)));
        Assert.All(variants, v => Assert.Equal((null, null, null, null, null, true, 0), (v.Option1, v.Option2, v.Option3, v.PriceMinor, v.ImagePath, v.IsOnSale, v.Position)));
        Assert.Empty(await shop.WithDbAsync(db => db.ProductOptions.ToListAsync()));

        // The guest's cart, as its page reads it.
        using (var scope = shop.Services.CreateScope())
        {
            var cart = await scope.ServiceProvider.GetRequiredService<ShoppingCart>().ViewAsync(new CartOwner(null, guestKey));
            Assert.Equal(
                [("Oldtown Skillet", "OLDTOWN-SKILLET", 4490L, 2, 7, ""), ("Oldtown Kettle", "OLDTOWN-KETTLE", 3250L, 1, 0, "")],
                cart.Lines.Select(l => (l.Name, l.Sku, l.UnitPriceMinor, l.Quantity, l.Stock, l.OptionText)));
            Assert.Equal(variants.Single(v => v.ProductId == skillet).Id, cart.Lines[0].VariantId);
        }

        // The order, on its page (through its emailed link) and in the store: names, prices, and the SKU where the product is still there.
        var orderPage = await browser.GetAsync($"/orders/{orderNumber}?token={accessToken}");
        Assert.Equal(HttpStatusCode.OK, orderPage.Status);
        var rows = orderPage.Document.QuerySelectorAll("table tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Contains(rows, r => r.Count >= 3 && r[0].Contains("Oldtown Skillet", StringComparison.Ordinal) && r[1] == "€44.90" && r[2] == "2");
        Assert.Contains(rows, r => r.Count >= 3 && r[0].Contains("Oldtown Gone Mug", StringComparison.Ordinal) && r[1] == "€11.50" && r[2] == "1");
        var lines = await shop.WithDbAsync(db => db.OrderLines.AsNoTracking().OrderBy(l => l.Id).ToListAsync());
        Assert.Equal(
            [("Oldtown Skillet", "oldtown-skillet", 4490L, 2, "OLDTOWN-SKILLET", "", (int?)skillet, (int?)variants.Single(v => v.ProductId == skillet).Id),
             ("Oldtown Gone Mug", "oldtown-gone-mug", 1150L, 1, "", "", null, null)],
            lines.Select(l => (l.ProductName, l.ProductSlug, l.UnitPriceMinor, l.Quantity, l.Sku, l.OptionText, l.ProductId, l.VariantId)));

        // The product pages and the search still work: the old products are found, and so are new and renamed ones
        // (SQLite's search triggers went with the rebuilt Products table and were made again).
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/products/oldtown-skillet")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/products/oldtown-draft-lamp")).Status);
        Assert.Equal(["Oldtown Kettle", "Oldtown Skillet"], (await browser.GetAsync("/products?q=oldtown")).ProductNames().Order());
        var oldKitchen = await shop.WithDbAsync(db => db.Categories.SingleAsync());
        await shop.CreateProductAsync(oldKitchen, "Newtown Griddle", stock: 4);
        await shop.WithDbAsync(async db =>
        {
            var product = await db.Products.SingleAsync(p => p.Id == kettle);
            product.Name = "Renamed Whistling Kettle";
            product.RefreshSearchText();
            return await db.SaveChangesAsync();
        });
        await shop.CatalogChangedAsync();
        Assert.Equal(["Newtown Griddle"], (await browser.GetAsync("/products?q=newtown")).ProductNames());
        Assert.Equal(["Renamed Whistling Kettle"], (await browser.GetAsync("/products?q=whistling")).ProductNames());
        Assert.Equal(["Oldtown Skillet"], (await browser.GetAsync("/products?q=oldtown")).ProductNames());
    }

    public void Dispose() => TestStore.Delete(folder);

    private static Task<int> InsertProductAsync(DbConnection connection, TestStore store, int category, string name, string slug, long price, int stock, bool published) =>
        OldStores.InsertAsync(connection, """
            INSERT INTO "Products" ("Name", "Slug", "Description", "PriceMinor", "Stock", "ImagePath", "CategoryId", "IsPublished",
                "CreatedAt", "Version", "SearchText")
            VALUES (@p0, @p1, 'From before variants.', @p2, @p3, '/images/products/cast-iron-skillet-26cm.svg', @p4, @p5, @p6, 0, @p7)
            RETURNING "Id"
            """, name, slug, price, stock, category, published, OldStores.Time(store, Then), $"{name}\nfrom before variants.".ToLowerInvariant());
}
