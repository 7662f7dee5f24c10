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
}
