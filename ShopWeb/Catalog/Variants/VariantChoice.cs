using System.Globalization;
using Microsoft.Extensions.Primitives;
using ShopWeb.Data;

namespace ShopWeb.Catalog.Variants;

/// <summary>
/// Which variant a product page shows, from its address: <c>?variant=ID</c> names one; <c>?option1=M&amp;option2=Blue</c>
/// (the page's choice form, sent without JavaScript) names a combination, which is redirected to its variant's address
/// so that the address shared or cached is always the variant's; no query shows the default variant. An address that
/// names nothing of this product (an unknown id, a value the option does not have) goes to the plain address, which
/// shows the default variant: a deleted variant's shared link still finds its product.
/// </summary>
public sealed class VariantChoice
{
    public const string VariantKey = "variant";

    /// <summary>The choice form's field of the option at this position (0..2).</summary>
    public static string OptionKey(int position) => "option" + (position + 1).ToString(CultureInfo.InvariantCulture);

    private static readonly string[] OptionKeys = [OptionKey(0), OptionKey(1), OptionKey(2)];

    private readonly Dictionary<string, ProductVariant> byValues;

    private VariantChoice(Product product, Dictionary<string, ProductVariant> byValues)
    {
        Product = product;
        this.byValues = byValues;
    }

    public Product Product { get; }

    /// <summary>The variant shown, or null when the chosen combination does not exist.</summary>
    public ProductVariant? Variant { get; private init; }

    /// <summary>The chosen value of each of the product's options, in option order.</summary>
    public IReadOnlyList<string?> Chosen { get; private init; } = [];

    /// <summary>Where to send the visitor instead (the variant's or the plain address), or null to show the page.</summary>
    public string? RedirectTo { get; private init; }

    /// <summary>Whether the variant can be added to a cart.</summary>
    public static bool Addable(ProductVariant variant) => variant.IsOnSale && variant.Stock > 0;

    /// <summary>The address of one of the product's variants.</summary>
    public static string Address(Product product, ProductVariant variant) =>
        $"/products/{product.Slug}?{VariantKey}={variant.Id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// What of the query the product page depends on, for the page cache's key: every other parameter is ignored by the
    /// page and the key alike. Answers other than a 200 (the redirects) are never kept, so a key only ever holds the
    /// page of a real variant or combination.
    /// </summary>
    public static string CacheKey(IQueryCollection query)
    {
        if (OptionKeys.Any(query.ContainsKey))
        {
            return "o:" + string.Join('\u001f', OptionKeys.Select(k => query[k].ToString()));
        }

        return query.TryGetValue(VariantKey, out var variant) ? "v:" + variant : "";
    }

    public static VariantChoice Resolve(Product product, IQueryCollection query)
    {
        // One pass over the variants: a product with 2,048 of them costs one dictionary, never a query per variant.
        var byValues = new Dictionary<string, ProductVariant>(product.Variants.Count, StringComparer.Ordinal);
        foreach (var variant in product.Variants)
        {
            byValues.TryAdd(Key(ValuesOf(variant, product.Options.Count)), variant);
        }

        var plain = $"/products/{product.Slug}";
        var options = product.Options;
        if (OptionKeys.Any(query.ContainsKey))
        {
            var chosen = new string?[options.Count];
            for (var i = 0; i < options.Count; i++)
            {
                var value = Single(query[OptionKey(i)]);
                if (value is null || !options[i].Values.Contains(value))
                {
                    return new(product, byValues) { RedirectTo = plain };
                }

                chosen[i] = value;
            }

            return byValues.TryGetValue(Key(chosen), out var found)
                ? new(product, byValues) { RedirectTo = Address(product, found) }
                : new(product, byValues) { Chosen = chosen }; // shown as "Not available in this combination"
        }

        if (query.ContainsKey(VariantKey))
        {
            var id = int.TryParse(Single(query[VariantKey]), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            var named = product.Variants.Find(v => v.Id == id);
            return named is null
                ? new(product, byValues) { RedirectTo = plain }
                : new(product, byValues) { Variant = named, Chosen = ValuesOf(named, options.Count) };
        }

        var fallback = product.Variants.Find(Addable) ?? product.Variants[0];
        return new(product, byValues) { Variant = fallback, Chosen = ValuesOf(fallback, options.Count) };
    }

    /// <summary>
    /// What choosing <paramref name="value"/> for the option at <paramref name="position"/> would give, the other
    /// options kept as chosen: marks the values that lead to a sold-out or a missing combination.
    /// </summary>
    public ChoiceState StateOf(int position, string value)
    {
        var values = Chosen.ToArray();
        values[position] = value;
        return !byValues.TryGetValue(Key(values), out var variant) ? ChoiceState.Unavailable
            : Addable(variant) ? ChoiceState.Available
            : ChoiceState.SoldOut;
    }

    private static string?[] ValuesOf(ProductVariant variant, int count) => new[] { variant.Option1, variant.Option2, variant.Option3 }[..count];

    private static string Key(IEnumerable<string?> values) => string.Join('\u001f', values);

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;
}

public enum ChoiceState
{
    Available,
    SoldOut,
    Unavailable,
}
