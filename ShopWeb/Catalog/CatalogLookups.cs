using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Scaling;

namespace ShopWeb.Catalog;

/// <summary>
/// What every catalog page shows and hardly ever changes, held in memory: the categories in shop order, the
/// featured products and how many products each category has on sale. <see cref="CatalogCache"/> has every instance
/// forget them whenever the catalog or any stock changes, so the next page reads them again. What they hold is
/// shared by every request: nothing may change it. Each is held at most <see cref="AnonymousPagePolicy.Lifetime"/>, as
/// the cached pages and fragments are: the bound when no message to forget can come (a <c>catalog import</c> run
/// from the command line beside a shop without Redis, or a message lost).
/// </summary>
public sealed class CatalogLookups
{
    public CatalogLookups(IMemoryInvalidation invalidation, TimeProvider clock)
    {
        invalidation.OnForget(_ => Forget()); // whatever the change: a featured tile says how many are left
        categories = new(clock, async (db, cancellation) =>
            await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellation));
        featured = new(clock, async (db, cancellation) =>
            await CatalogQueries.Featured(db, FeaturedCount).ToListAsync(cancellation));

        // Counting a category of a large catalog reads every one of its rows; the counts change only with the catalog.
        onSale = new(clock, async (db, cancellation) =>
            await db.Products.Where(p => p.IsPublished).GroupBy(p => p.CategoryId)
                .Select(g => new { CategoryId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.CategoryId, g => g.Count, cancellation));

        // Search leaves these out of the full-text index's matches instead of reading every match's row (ProductSearchIndex).
        unpublished = new(clock, async (db, cancellation) =>
            await db.Products.Where(p => !p.IsPublished).Select(p => p.Id).OrderBy(id => id).Take(MaxUnpublishedHeld + 1).ToListAsync(cancellation));
    }

    private readonly Held<IReadOnlyList<Category>> categories;
    private readonly Held<IReadOnlyList<ProductTile>> featured;
    private readonly Held<IReadOnlyDictionary<int, int>> onSale;
    private readonly Held<IReadOnlyList<int>> unpublished;

    /// <summary>How many products the home page features.</summary>
    public const int FeaturedCount = 8;

    /// <summary>Past this many unpublished products, <see cref="UnpublishedIdsAsync"/> holds none and search reads the rows.</summary>
    public const int MaxUnpublishedHeld = 500;

    public Task<IReadOnlyList<Category>> CategoriesAsync(ShopDbContext db, CancellationToken cancellationToken = default) =>
        categories.GetAsync(db, cancellationToken);

    public Task<IReadOnlyList<ProductTile>> FeaturedAsync(ShopDbContext db, CancellationToken cancellationToken = default) =>
        featured.GetAsync(db, cancellationToken);

    /// <summary>How many products are on sale in the category, or in all when <paramref name="categoryId"/> is null.</summary>
    public async Task<int> OnSaleCountAsync(ShopDbContext db, int? categoryId, CancellationToken cancellationToken = default)
    {
        var counts = await onSale.GetAsync(db, cancellationToken);
        return categoryId is { } id ? counts.GetValueOrDefault(id) : counts.Values.Sum();
    }

    /// <summary>
    /// The ids of every product not on sale (unpublished or archived), or null when there are more than
    /// <see cref="MaxUnpublishedHeld"/>.
    /// </summary>
    public async Task<IReadOnlyList<int>?> UnpublishedIdsAsync(ShopDbContext db, CancellationToken cancellationToken = default)
    {
        var ids = await unpublished.GetAsync(db, cancellationToken);
        return ids.Count > MaxUnpublishedHeld ? null : ids;
    }

    private void Forget()
    {
        unpublished.Forget();
        categories.Forget();
        featured.Forget();
        onSale.Forget();
    }

    private sealed class Held<T>(TimeProvider clock, Func<ShopDbContext, CancellationToken, Task<T>> load)
        where T : class
    {
        private readonly Lock gate = new();
        private Entry? current;
        private long generation;

        public async Task<T> GetAsync(ShopDbContext db, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            if (Volatile.Read(ref current) is { } held && now < held.Until)
            {
                return held.Value;
            }

            var seen = Interlocked.Read(ref generation);
            var loaded = await load(db, cancellationToken);
            lock (gate)
            {
                // A change committed while this read ran may be missing from it: use it for this page, keep it not.
                if (generation == seen)
                {
                    current = new Entry(loaded, now + AnonymousPagePolicy.Lifetime);
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

        private sealed record Entry(T Value, DateTimeOffset Until);
    }
}
