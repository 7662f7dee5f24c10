using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Data;

namespace ShopWeb.Catalog.Seo;

/// <summary>
/// A product page's schema.org data (JSON-LD): a <c>Product</c> with one <c>Offer</c> carrying the price as a decimal in
/// the currency's own exponent ("12.90", "1200" for JPY), the currency and the availability. Built as JSON nodes and
/// serialised by System.Text.Json, whose default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>: no product
/// text can close the script element it sits in.
/// </summary>
public sealed class ProductJsonLd(IOptions<ShopOptions> shop)
{
    private const string Schema = "https://schema.org/";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public string For(Product product, string url, string? image)
    {
        var data = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Product",
            ["name"] = product.Name,
            ["description"] = product.Description,
            ["url"] = url,
        };
        if (image is not null)
        {
            data["image"] = image;
        }

        if (product.Category is { } category)
        {
            data["category"] = category.Name;
        }

        data["offers"] = Offer(product.PriceMinor, product.Stock, url);
        return data.ToJsonString(Options);
    }

    private JsonObject Offer(long priceMinor, int stock, string url) => new()
    {
        ["@type"] = "Offer",
        ["price"] = Currencies.ToDecimalText(priceMinor, shop.Value.Currency),
        ["priceCurrency"] = shop.Value.Currency,
        ["availability"] = Schema + (stock > 0 ? "InStock" : "OutOfStock"),
        ["url"] = url,
    };
}
