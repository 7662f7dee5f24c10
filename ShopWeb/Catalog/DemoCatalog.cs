using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>Seeds the demo catalog into an empty store, so a newcomer can shop at once. Never touches a catalog with data.</summary>
internal static class DemoCatalog
{
    public static async Task SeedIfEmptyAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (!services.GetRequiredService<IOptions<SeedOptions>>().Value.DemoCatalog)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        if (await db.Categories.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var categories = DemoCatalogData.Categories
            .Select((c, index) => new Category { Name = c.Name, Slug = c.Slug, Description = c.Description, SortOrder = index })
            .ToDictionary(c => c.Slug);
        db.Categories.AddRange(categories.Values);
        foreach (var demo in DemoCatalogData.Products)
        {
            var product = new Product
            {
                Name = demo.Name,
                Slug = demo.Slug,
                Description = demo.Description,
                PriceMinor = demo.PriceMinor,
                Stock = demo.Stock,
                ImagePath = $"/images/products/{demo.Slug}.svg",
                Category = categories[demo.CategorySlug],
                FeaturedRank = demo.FeaturedRank,
                CreatedAt = now.AddDays(-demo.DaysOld),
            };
            product.RefreshSearchText();
            db.Products.Add(product);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
