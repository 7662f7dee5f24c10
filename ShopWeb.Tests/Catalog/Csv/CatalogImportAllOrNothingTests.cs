using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog.Csv;

/// <summary>An import that fails at its very last write leaves nothing of what it had already written.</summary>
public sealed class CatalogImportAllOrNothingTests(CatalogImportAllOrNothingTests.Shop factory) : IClassFixture<CatalogImportAllOrNothingTests.Shop>
{
    public sealed class Shop() : ShopFactory(settings: null, services: services => AddStoreInterceptor(services, FailingAudit))
    {
        public static readonly FailAtAudit FailingAudit = new();
    }

    /// <summary>Fails the save that carries the import's audit entry: the one after every batch of products was written.</summary>
    public sealed class FailAtAudit : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<AuditEntry>().Any(e => e.Entity.Action == "catalog.import")
                ? throw new InvalidOperationException("The store failed at the end of the import.")
                : base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    [Fact]
    public async Task A_failure_after_the_products_were_written_rolls_every_one_of_them_back()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Kettle", priceMinor: 3000, stock: 4);
        var slug = CatalogSteps.Marker();
        var csv = string.Join("\r\n",
            "sku,product_slug,product_name,category,product_price,stock",
            $"{product.Variants[0].Sku},{product.Slug},Kettle,{category.Slug},35.00,9",
            $"{slug.ToUpperInvariant()},{slug},Apron,{category.Slug},12.90,5") + "\r\n";
        using var admin = await factory.SignedInAdminAsync();
        var preview = await admin.PreviewImportAsync(csv);

        var applied = await admin.ApplyImportAsync(preview);

        Assert.Equal(HttpStatusCode.InternalServerError, applied.Status);
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
        Assert.Equal(3000, await factory.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.PriceMinor).SingleAsync()));
        Assert.False(await factory.WithDbAsync(db => db.Products.AnyAsync(p => p.Slug == slug)));
        Assert.False(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "catalog.import")));
    }
}
