using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>
/// The categories in shop order, held in memory: every catalog page shows them, and they change only when an admin
/// edits the catalog, which tells <see cref="CatalogCache"/>, which forgets this list.
/// The list is shared by every request, so nothing may change the categories it holds.
/// </summary>
public sealed class CategoryList
{
    private readonly Lock gate = new();
    private IReadOnlyList<Category>? current;
    private long generation;

    public async Task<IReadOnlyList<Category>> GetAsync(ShopDbContext db, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref current) is { } list)
        {
            return list;
        }

        var seen = Interlocked.Read(ref generation);
        var loaded = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);
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

    internal void Forget()
    {
        lock (gate)
        {
            generation++;
            current = null;
        }
    }
}
