using System.Text.Json;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Catalog.Variants;

/// <summary>
/// The product page's variants as the JSON its script reads (wwwroot/js/variants.js), written in one pass. Compact
/// for 2,048 variants: each variant is one array of small numbers, prices, images and stock wordings are listed once and
/// each variant points at them, and its option values are indices into the options' values. A variant's SKU is not
/// repeated here: the page's JSON-LD (ProductJsonLd) lists the variants in the same order (<see cref="InPageOrder"/>),
/// each with its SKU, and the script reads it from there. The words and formats come from the server (Prices,
/// StockState), so the script repeats no rule of the shop's.
/// </summary>
public static class VariantScriptData
{
    /// <summary>The order in which the page's JSON-LD and this data list the variants.</summary>
    public static IEnumerable<ProductVariant> InPageOrder(Product product) => product.Variants.OrderBy(v => v.Position);

    /// <returns>{ options: [[values]], prices, images, stock, variants: [[id, price, image, stock, most a cart takes (0: none), value index per option]] }</returns>
    public static string Json(Product product, Prices prices)
    {
        var priceTexts = new Indexed<long>();
        var images = new Indexed<string>();
        var stockTexts = new Indexed<string>();
        var valueIndex = product.Options.Select(o =>
        {
            var indices = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < o.Values.Count; i++)
            {
                indices.TryAdd(o.Values[i], i);
            }

            return indices;
        }).ToList();

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("variants");
            foreach (var variant in InPageOrder(product))
            {
                json.WriteStartArray();
                json.WriteNumberValue(variant.Id);
                json.WriteNumberValue(priceTexts.Of(variant.PriceOf(product)));
                json.WriteNumberValue(images.Of(variant.ImageOf(product)));
                var addable = VariantChoice.Addable(variant);
                json.WriteNumberValue(stockTexts.Of(StockState.Describe(addable ? variant.Stock : 0)));
                json.WriteNumberValue(addable ? Math.Min(variant.Stock, ShoppingCart.MaxQuantity) : 0);
                string?[] values = [variant.Option1, variant.Option2, variant.Option3];
                for (var i = 0; i < valueIndex.Count; i++)
                {
                    json.WriteNumberValue(values[i] is { } value && valueIndex[i].TryGetValue(value, out var index) ? index : -1);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("options");
            foreach (var option in product.Options)
            {
                json.WriteStartArray();
                option.Values.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            Write(json, "prices", priceTexts.Items.Select(prices.Format));
            Write(json, "images", images.Items);
            Write(json, "stock", stockTexts.Items);
            json.WriteEndObject();
        }

        // Utf8JsonWriter's default encoder escapes <, > and &, so the text cannot close the script element it sits in.
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter json, string name, IEnumerable<string> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStringValue(item);
        }

        json.WriteEndArray();
    }

    /// <summary>Distinct values in the order first seen, each with its index.</summary>
    private sealed class Indexed<T>
        where T : notnull
    {
        private readonly Dictionary<T, int> indices = [];

        public List<T> Items { get; } = [];

        public int Of(T item)
        {
            if (!indices.TryGetValue(item, out var index))
            {
                index = Items.Count;
                indices.Add(item, index);
                Items.Add(item);
            }

            return index;
        }
    }
}
