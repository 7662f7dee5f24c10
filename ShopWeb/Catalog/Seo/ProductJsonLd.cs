using System.Text.Json;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog.Seo;

/// <summary>
/// A product page's schema.org data (JSON-LD). A product without options is a <c>Product</c> with its variant's SKU and
/// one <c>Offer</c>; a product with options is a <c>ProductGroup</c> (<c>productGroupID</c>, <c>variesBy</c>) whose
/// <c>hasVariant</c> holds one <c>Product</c> per variant, each with what Google's product variant data asks of it and
/// nothing the group already says: its SKU, name, option values, its image only when it is not the group's, and one offer.
/// An offer carries the price as a decimal in the currency's own exponent ("12.90", "1200" for JPY), the currency and
/// the availability: InStock when the variant is on sale with stock, else OutOfStock. Written by System.Text.Json's
/// Utf8JsonWriter straight into one buffer (a product may have 2,048 variants, and a signed-in page is built every
/// time), whose default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>: no product text can close the script
/// element it sits in.
/// </summary>
public sealed class ProductJsonLd(Prices prices, PublicLinks links)
{
    private const string Schema = "https://schema.org/";

    private const string InStock = Schema + "InStock";

    private const string OutOfStock = Schema + "OutOfStock";

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
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024 + 320 * product.Variants.Count);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("@context", "https://schema.org");
            if (product.Options.Count == 0)
            {
                var only = product.Variants[0];
                json.WriteString("@type", "Product");
                Describe(json, product, only.ImageOf(product), url);
                json.WriteString("sku", only.Sku);
                json.WritePropertyName("offers");
                Offer(json, product, only, url);
            }
            else
            {
                var options = product.Options.OrderBy(o => o.Position).ToList();
                json.WriteString("@type", "ProductGroup");
                Describe(json, product, product.ImagePath, url);
                json.WriteString("productGroupID", product.Slug);
                json.WriteStartArray("variesBy");
                foreach (var option in options)
                {
                    json.WriteStringValue(Properties.TryGetValue(option.Name.Trim(), out var p) ? Schema + p : option.Name);
                }

                json.WriteEndArray();
                json.WriteStartArray("hasVariant");
                var images = new Dictionary<string, string>(StringComparer.Ordinal); // each image's absolute address made once
                foreach (var variant in Variants.VariantScriptData.InPageOrder(product)) // the page's script reads the SKUs from here
                {
                    Variant(json, product, options, variant, images);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void Variant(Utf8JsonWriter json, Product product, List<ProductOption> options, ProductVariant variant, Dictionary<string, string> images)
    {
        // What all variants share (description, category, the page's address, the product's image) is said once, on
        // the group: a product may have 2,048 variants, and this is in every copy of its page.
        json.WriteStartObject();
        json.WriteString("@type", "Product");
        json.WriteString("sku", variant.Sku);
        json.WriteString("name", VariantNames.Full(product.Name, variant.OptionText));
        if (variant.ImageOf(product) is { Length: > 0 } image && image != product.ImagePath)
        {
            if (!images.TryGetValue(image, out var absolute))
            {
                images[image] = absolute = links.Absolute(image);
            }

            json.WriteString("image", absolute);
        }

        var additional = false;
        foreach (var (option, value) in ValuesOf(options, variant))
        {
            if (Properties.TryGetValue(option.Name.Trim(), out var property))
            {
                json.WriteString(property, value);
            }
            else
            {
                additional = true;
            }
        }

        if (additional)
        {
            json.WriteStartArray("additionalProperty");
            foreach (var (option, value) in ValuesOf(options, variant).Where(o => !Properties.ContainsKey(o.Option.Name.Trim())))
            {
                json.WriteStartObject();
                json.WriteString("@type", "PropertyValue");
                json.WriteString("name", option.Name);
                json.WriteString("value", value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WritePropertyName("offers");
        Offer(json, product, variant, null);
        json.WriteEndObject();
    }

    private static IEnumerable<(ProductOption Option, string Value)> ValuesOf(List<ProductOption> options, ProductVariant variant)
    {
        foreach (var option in options)
        {
            var value = option.Position switch { 0 => variant.Option1, 1 => variant.Option2, _ => variant.Option3 };
            if (!string.IsNullOrEmpty(value))
            {
                yield return (option, value);
            }
        }
    }

    private void Describe(Utf8JsonWriter json, Product product, string image, string url)
    {
        json.WriteString("name", product.Name);
        if (product.Description.Length > 0)
        {
            json.WriteString("description", product.Description);
        }

        json.WriteString("url", url);
        if (image.Length > 0)
        {
            json.WriteString("image", links.Absolute(image));
        }

        if (product.Category is { } category)
        {
            json.WriteString("category", category.Name);
        }
    }

    private void Offer(Utf8JsonWriter json, Product product, ProductVariant variant, string? url)
    {
        json.WriteStartObject();
        json.WriteString("@type", "Offer");
        json.WriteString("price", prices.ToText(variant.PriceOf(product)));
        json.WriteString("priceCurrency", prices.Currency);
        json.WriteString("availability", Variants.VariantChoice.Addable(variant) ? InStock : OutOfStock);
        if (url is not null)
        {
            json.WriteString("url", url);
        }

        json.WriteEndObject();
    }
}
