namespace ShopWeb.Data;

public sealed class Product
{
    public int Id { get; init; }

    public required string Name { get; set; }

    /// <summary>The product's URL: /products/slug.</summary>
    public required string Slug { get; set; }

    public string Description { get; set; } = "";

    /// <summary>
    /// The price in minor units of the shop's currency (cents): exact, and sortable and summable in SQL. Each variant
    /// sells at it unless it has its own (<see cref="ProductVariant.PriceMinor"/>).
    /// </summary>
    public long PriceMinor { get; set; }

    /// <summary>
    /// The lowest price of the variants on sale, or <see cref="PriceMinor"/> when none is: the "from €X" of the
    /// listings, which sort by it. Kept by the store's own triggers (the LowestPrice migration) whenever a variant or
    /// the product's price changes, however it is written (the admin, the CSV import, the seeding's bulk inserts); the
    /// shop never writes it, and a tracked product's copy is not refreshed by a save.
    /// </summary>
    public long LowestPriceMinor { get; private set; }

    /// <summary>A path under wwwroot, such as /images/products/slug.svg; a variant may have its own.</summary>
    public string ImagePath { get; set; } = "";

    /// <summary>Up to three options (Size, Colour...), by <see cref="ProductOption.Position"/>; none for a product sold in one form.</summary>
    public List<ProductOption> Options { get; init; } = [];

    /// <summary>What is sold and stocked: one per combination of option values, or exactly one without options.</summary>
    public List<ProductVariant> Variants { get; init; } = [];

    public int CategoryId { get; set; }

    public Category? Category { get; set; }

    /// <summary>Unpublished products are not on sale: not listed, not found, not orderable.</summary>
    public bool IsPublished { get; set; } = true;

    /// <summary>The "featured" order of the catalog and the home page: lower first; null is not featured.</summary>
    public int? FeaturedRank { get; set; }

    /// <summary>
    /// The catalog's default order, computed by the database from <see cref="FeaturedRank"/>: featured products
    /// first, the rest after them. A plain column, so an index can hand out a page of it without sorting.
    /// </summary>
    public int ListRank { get; private set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when the product was removed from sale for good but orders still refer to it.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>
    /// Bumped by every admin save and checked by it (a concurrency token kept by the app, as SQLite has no
    /// rowversion): a form saved over someone else's change is a conflict, never a silent overwrite.
    /// </summary>
    public int Version { get; set; }

    /// <summary>Lower-cased name and description, for case-insensitive search in any script (SQLite's LIKE folds ASCII only).</summary>
    public string SearchText { get; private set; } = "";

    /// <summary>
    /// The lowest and highest price of the (loaded) variants on sale, or the product's own price when none is: the
    /// "from €X" of a product, as the store keeps it for the listings (<see cref="LowestPriceMinor"/>).
    /// </summary>
    public (long Lowest, long Highest) PriceRange()
    {
        var onSale = Variants.Where(v => v.IsOnSale).Select(v => v.PriceOf(this)).ToList();
        return onSale.Count > 0 ? (onSale.Min(), onSale.Max()) : (PriceMinor, PriceMinor);
    }

    /// <summary>Puts the product on sale or takes it off; on sale again, an archived product is archived no longer.</summary>
    public void Publish(bool published)
    {
        IsPublished = published;
        ArchivedAt = published ? null : ArchivedAt;
    }

    public void RefreshSearchText() => SearchText = $"{Name}\n{Description}".ToLowerInvariant();
}
