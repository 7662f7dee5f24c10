using System.Text.Json;
using System.Text.Json.Nodes;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog.Seo;

/// <summary>
/// A product page's schema.org data (JSON-LD). A product without options is a <c>Product</c> with its variant's SKU and
/// one <c>Offer</c>; a product with options is a <c>ProductGroup</c> (<c>productGroupID</c>, <c>variesBy</c>) whose
/// <c>hasVariant</c> holds one <c>Product</c> per variant, each with its SKU, name, image, option values and one offer.
/// An offer carries the price as a decimal in the currency's own exponent ("12.90", "1200" for JPY), the currency and
/// the availability: InStock when the variant is on sale with stock, else OutOfStock. Built as JSON nodes and serialised
/// by System.Text.Json, whose default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>: no product text can
/// close the script element it sits in.
/// </summary>
public sealed class ProductJsonLd(Prices prices, PublicLinks links)
{
    private const string Schema = "https://schema.org/";

    /// <summary>Option names schema.org has a property for (Google reads these in <c>variesBy</c>); any other is an additionalProperty.</summary>
    private static readonly Dictionary<string, string> Properties = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Size"] = "size",
        ["Colour"] = "color",
        ["Color"] = "color",
        ["Material"] = "material",
        ["Pattern"] = "pattern",
    };

    /// <summary>The product's data; <paramref name="product"/> comes with its category, options and variants (as the product page loads it).</summary>
    public string For(Product product, string url)
    {
        var data = new JsonObject { ["@context"] = "https://schema.org" };
        if (product.Options.Count == 0)
        {
            var only = product.Variants[0];
            data["@type"] = "Product";
            Describe(data, product, only.ImageOf(product), url);
            data["sku"] = only.Sku;
            data["offers"] = Offer(product, only, url);
            return data.ToJsonString();
        }

        var options = product.Options.OrderBy(o => o.Position).ToList();
        data["@type"] = "ProductGroup";
        Describe(data, product, product.ImagePath, url);
        data["productGroupID"] = product.Slug;
        data["variesBy"] = new JsonArray(options.Select(o => (JsonNode)(Properties.TryGetValue(o.Name.Trim(), out var p) ? Schema + p : o.Name)).ToArray());
        data["hasVariant"] = new JsonArray(product.Variants.OrderBy(v => v.Position).Select(v => (JsonNode)Variant(product, options, v)).ToArray());
        return data.ToJsonString();
    }

    private JsonObject Variant(Product product, List<ProductOption> options, ProductVariant variant)
    {
        // What all variants share (description, category, the page's address) is said once, on the group: a product
        // may have 2,048 variants, and this is in every copy of its page.
        var data = new JsonObject
        {
            ["@type"] = "Product",
            ["name"] = VariantNames.Full(product.Name, variant.OptionText),
            ["sku"] = variant.Sku,
        };
        if (variant.ImageOf(product) is { Length: > 0 } image)
        {
            data["image"] = links.Absolute(image);
        }

        var additional = new JsonArray();
        foreach (var option in options)
        {
            var value = option.Position switch { 0 => variant.Option1, 1 => variant.Option2, _ => variant.Option3 };
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (Properties.TryGetValue(option.Name.Trim(), out var property))
            {
                data[property] = value;
            }
            else
            {
                additional.Add(new JsonObject { ["@type"] = "PropertyValue", ["name"] = option.Name, ["value"] = value });
            }
        }

        if (additional.Count > 0)
        {
            data["additionalProperty"] = additional;
        }

        data["offers"] = Offer(product, variant, null);
        return data;
    }

    private void Describe(JsonObject data, Product product, string image, string url)
    {
        data["name"] = product.Name;
        if (product.Description.Length > 0)
        {
            data["description"] = product.Description;
        }

        data["url"] = url;
        if (image.Length > 0)
        {
            data["image"] = links.Absolute(image);
        }

        if (product.Category is { } category)
        {
            data["category"] = category.Name;
        }
    }

    /// <summary>One variant's offer; <paramref name="url"/> only where the offer is the page's one (a variant's is the group's page).</summary>
    private JsonObject Offer(Product product, ProductVariant variant, string? url)
    {
        var offer = new JsonObject
        {
            ["@type"] = "Offer",
            ["price"] = prices.ToText(variant.PriceOf(product)),
            ["priceCurrency"] = prices.Currency,
            ["availability"] = Schema + (IsAvailable(variant) ? "InStock" : "OutOfStock"),
        };
        if (url is not null)
        {
            offer["url"] = url;
        }

        return offer;
    }

    /// <summary>What the product page sells: a variant on sale with stock.</summary>
    public static bool IsAvailable(ProductVariant variant) => variant.IsOnSale && variant.Stock > 0;
}
