using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Scaling;

namespace ShopWeb.Catalog;

/// <summary>
/// What every catalog page shows and hardly ever changes, held in memory: the categories in shop order and the
/// featured products. <see cref="CatalogCache"/> has every instance forget both whenever the catalog or any stock
/// changes, so the next page reads them again. The lists are shared by every request: nothing may change what they hold.
/// </summary>
public sealed class CatalogLookups
{
    public CatalogLookups(IMemoryInvalidation invalidation) => invalidation.OnForget(Forget);

    private readonly Held<IReadOnlyList<Category>> categories = new(async (db, cancellation) =>
        await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellation));

    private readonly Held<IReadOnlyList<ProductTile>> featured = new(async (db, cancellation) =>
        await CatalogQueries.Featured(db, FeaturedCount).ToListAsync(cancellation));

    /// <summary>How many products the home page features.</summary>
    public const int FeaturedCount = 8;

    public Task<IReadOnlyList<Category>> CategoriesAsync(ShopDbContext db, CancellationToken cancellationToken = default) =>
        categories.GetAsync(db, cancellationToken);

    public Task<IReadOnlyList<ProductTile>> FeaturedAsync(ShopDbContext db, CancellationToken cancellationToken = default) =>
        featured.GetAsync(db, cancellationToken);

    private void Forget()
    {
        categories.Forget();
        featured.Forget();
    }

    private sealed class Held<T>(Func<ShopDbContext, CancellationToken, Task<T>> load)
        where T : class
    {
        private readonly Lock gate = new();
        private T? current;
        private long generation;

        public async Task<T> GetAsync(ShopDbContext db, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref current) is { } held)
            {
                return held;
            }

            var seen = Interlocked.Read(ref generation);
            var loaded = await load(db, cancellationToken);
            lock (gate)
            {
                // A change committed while this read ran may be missing from it: use it for this page, keep it not.
                if (generation == seen)
                {
                    current = loaded;
                }
            }

            return loaded;
        }

        public void Forget()
        {
            lock (gate)
            {
                generation++;
                current = null;
            }
        }
    }
}
