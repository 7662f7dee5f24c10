using Microsoft.AspNetCore.OutputCaching;
using ShopWeb.Scaling;

namespace ShopWeb.Catalog;

/// <summary>
/// The one place that knows what the catalog keeps in memory: the output cache's tags, the lookups (categories, featured products) and the fragments (CatalogFragments, evicted by the same tags). Every cached catalog page carries <see cref="EveryPage"/>, and
/// the tag of each product it shows; whatever changes what those pages show calls in here once it has committed.
/// </summary>
public sealed class CatalogCache
{
    private readonly IOutputCacheStore store;
    private readonly IMemoryInvalidation memory;
    private readonly ILogger<CatalogCache> logger;

    public CatalogCache(IOutputCacheStore store, IMemoryInvalidation memory, ILogger<CatalogCache> logger)
    {
        (this.store, this.memory, this.logger) = (store, memory, logger);

        // A change made on another instance counts here too: with a shared output cache (Redis), a page this instance
        // read before that change and stores after its eviction would serve the old catalog everywhere until it expires.
        memory.OnForget(_ => Interlocked.Increment(ref changes));
    }

    /// <summary>The home page: its path names it.</summary>
    public const string PagePolicy = "CatalogPage";

    /// <summary>A product page: one entry per variant or combination its query names (VariantChoice.CacheKey).</summary>
    public const string ProductPagePolicy = "CatalogProductPage";

    /// <summary>The catalog list: one entry per normalised query.</summary>
    public const string ListingPolicy = "CatalogListing";

    internal const string EveryPage = "catalog";

    private long changes;

    /// <summary>How many changes the cache has been told of: a page rendered across a change must not be kept.</summary>
    internal long Changes => Interlocked.Read(ref changes);

    /// <summary>A product or category was created, edited, archived or deleted: any page may show it differently.</summary>
    public async Task CatalogChangedAsync()
    {
        await memory.ForgetEverywhereAsync([EveryPage]);
        await EvictAsync([EveryPage]);
    }

    /// <summary>
    /// Stock moved (an order, a cancellation, an admin): only the pages showing these products change, since
    /// stock decides no listing's content or order, only the wording of a tile and a product page.
    /// </summary>
    public async Task StockChangedAsync(IEnumerable<int> productIds)
    {
        var tags = productIds.Distinct().Select(ProductTag).ToArray();
        await memory.ForgetEverywhereAsync(tags); // the lookups (a featured tile says how many are left) and the fragments
        await EvictAsync(tags);
    }

    /// <summary>Tags the page being rendered, and its fragments, with the products it shows (a no-op when neither is kept).</summary>
    public static void Shows(HttpContext context, IEnumerable<int> productIds)
    {
        CatalogFragments.Shows(context, productIds.Select(ProductTag));
        if (context.Features.Get<IOutputCacheFeature>() is { } feature)
        {
            foreach (var id in productIds)
            {
                feature.Context.Tags.Add(ProductTag(id));
            }
        }
    }

    private static string ProductTag(int productId) => $"product-{productId}";

    private async Task EvictAsync(IEnumerable<string> tags)
    {
        // Counted first: a render that read the store before the change sees the count move and is not stored.
        Interlocked.Increment(ref changes);
        foreach (var tag in tags)
        {
            try
            {
                // Not the request's token: the change is committed, so the cache must follow even if the shopper left.
                await store.EvictByTagAsync(tag, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The change itself succeeded; a store that fails here (a shared one, unreachable) leaves pages at
                // most AnonymousPagePolicy.Lifetime old, which is better than an error page for a saved change.
                logger.LogError(ex, "Could not evict {Tag} from the output cache", tag);
            }
        }
    }
}
