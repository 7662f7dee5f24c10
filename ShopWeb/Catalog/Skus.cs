using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>The SKU a product's only variant gets when no one gave it one (a new product, the demo catalog, the migration).</summary>
public static class Skus
{
    /// <summary>The slug in capitals ("cast-iron-skillet" is "CAST-IRON-SKILLET"): unique as slugs are, and readable.</summary>
    public static string Of(string slug)
    {
        var sku = slug.ToUpperInvariant();
        return sku.Length <= ProductVariant.SkuMaxLength ? sku : sku[..ProductVariant.SkuMaxLength];
    }

    /// <summary>
    /// A variant's SKU from its product's slug and option values: "leather-gardening-gloves" in "M" and "Blue" is
    /// "LEATHER-GARDENING-GLOVES-M-BLUE". The slug is shortened, never the values, so a product's variants stay apart.
    /// </summary>
    public static string Of(string slug, IEnumerable<string> values)
    {
        var suffix = string.Concat(values.Select(v => "-" + Slugs.From(v).ToUpperInvariant()));
        var stem = Of(slug);
        return stem.Length + suffix.Length <= ProductVariant.SkuMaxLength ? stem + suffix : stem[..(ProductVariant.SkuMaxLength - suffix.Length)] + suffix;
    }
}
