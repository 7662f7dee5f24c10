using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>
/// The demo products sold in sizes or colours, so a newcomer sees options and variants at once: a mug in colours,
/// gloves in sizes and colours, tea by weight. Every other demo product keeps its single variant (tests and the
/// benchmark use cast-iron-skillet-26cm, ceramic-mixing-bowl-set and enamel-camping-mug as such).
/// </summary>
internal static class DemoCatalogVariants
{
    public sealed record DemoOption(string Name, params string[] Values);

    /// <param name="Prices">A variant's own price by one of its values; the others sell at the product's price.</param>
    /// <param name="Missing">Combinations the shop does not make ("Hand Towel / Navy"), shown as unavailable.</param>
    /// <param name="SoldOut">Combinations with no stock, so the demo shows a sold-out choice beside available ones.</param>
    public sealed record DemoOptions(DemoOption[] Options, Dictionary<string, long>? Prices = null, string[]? Missing = null, string[]? SoldOut = null);

    public static IReadOnlyDictionary<string, DemoOptions> BySlug { get; } = new Dictionary<string, DemoOptions>
    {
        ["linen-tea-towel-set"] = new([new("Colour", "Natural", "Indigo", "Stripe")]),
        ["stoneware-breakfast-mug"] = new([new("Colour", "Reactive Blue", "Speckled White", "Sage")], SoldOut: ["Sage"]),
        ["linen-cushion-cover"] = new([new("Colour", "Natural", "Sage", "Rust", "Charcoal")]),
        ["chunky-knit-throw"] = new([new("Colour", "Cream", "Mustard", "Forest Green")]),
        ["cotton-waffle-bath-towel"] = new(
            [new("Size", "Hand Towel", "Bath Towel", "Bath Sheet"), new("Colour", "White", "Sage", "Navy")],
            Prices: new() { ["Hand Towel"] = 1290, ["Bath Sheet"] = 3290 },
            Missing: ["Hand Towel / Navy"]),
        ["leather-gardening-gloves"] = new(
            [new("Size", "S", "M", "L", "XL"), new("Colour", "Tan", "Blue")],
            Prices: new() { ["XL"] = 1990 },
            SoldOut: ["XL / Blue"]),
        ["soy-wax-candle-fig-cedar"] = new([new("Size", "Jar", "Travel Tin")], Prices: new() { ["Travel Tin"] = 990 }),
        ["dot-grid-notebook-a5"] = new([new("Ruling", "Dot Grid", "Lined", "Plain")]),
        ["brass-fountain-pen"] = new([new("Nib", "Fine", "Medium", "Broad")], SoldOut: ["Broad"]),
        ["ethiopia-coffee-beans-250g"] = new([new("Grind", "Whole Bean", "Filter", "Espresso")]),
        ["speckled-coffee-mug"] = new([new("Colour", "Oatmeal", "Charcoal", "Sky Blue")]),
        ["wool-picnic-blanket"] = new([new("Pattern", "Red Tartan", "Green Tartan")]),
        ["insulated-steel-bottle-750ml"] = new([new("Colour", "Brushed Steel", "Forest Green", "Black")]),
    };

    /// <summary>
    /// A product's options and its variants: every combination of the values in order (the first option's values
    /// change slowest), less the missing ones. Stock is spread from the product's own figure so a few run low.
    /// </summary>
    public static (List<ProductOption> Options, List<ProductVariant> Variants) For(string slug, DemoOptions demo, int stock)
    {
        var options = demo.Options.Select((o, i) => new ProductOption { Position = i, Name = o.Name, Values = [.. o.Values] }).ToList();
        var variants = new List<ProductVariant>();
        foreach (var values in Combinations(demo.Options))
        {
            var text = VariantNames.Of(values.ElementAtOrDefault(0), values.ElementAtOrDefault(1), values.ElementAtOrDefault(2));
            if (demo.Missing?.Contains(text) == true)
            {
                continue;
            }

            var position = variants.Count;
            variants.Add(new ProductVariant
            {
                Sku = Skus.Of(slug, values),
                Option1 = values.ElementAtOrDefault(0),
                Option2 = values.ElementAtOrDefault(1),
                Option3 = values.ElementAtOrDefault(2),
                PriceMinor = values.Select(v => demo.Prices?.GetValueOrDefault(v)).FirstOrDefault(p => p is > 0),
                Stock = demo.SoldOut?.Contains(text) == true ? 0 : SpreadStock(stock, position),
                Position = position,
            });
        }

        return (options, variants);
    }

    /// <summary>The first variant has the product's stock, the others a varied share of it (never none unless the product has none).</summary>
    public static int SpreadStock(int stock, int position) =>
        stock == 0 || position == 0 ? stock : 1 + (stock * (position + 1) + 3 * position) % Math.Max(stock, 2);

    public static IEnumerable<string[]> Combinations(IReadOnlyList<DemoOption> options) =>
        options.Aggregate<DemoOption, IEnumerable<string[]>>([[]], (sofar, option) => sofar.SelectMany(c => option.Values.Select(v => (string[])[.. c, v])));
}
