using System.Text;
using ShopWeb.Data;

namespace ShopWeb.Catalog.Variants;

/// <summary>
/// The combinations a product's options make (their cartesian product, in the options' and values' order), the SKUs
/// proposed for new ones, and the order variants are listed in: for the admin's "Generate variants", and for the CSV
/// import and the API, which must name and order variants the same way.
/// </summary>
public static class VariantCombinations
{
    /// <summary>Every combination of the options' values, first option slowest, as (Option1, Option2, Option3).</summary>
    public static IEnumerable<string?[]> Of(IReadOnlyList<ProductOption> options)
    {
        var ordered = options.OrderBy(o => o.Position).ToList();
        IEnumerable<string?[]> combinations = [new string?[3]];
        foreach (var option in ordered)
        {
            var position = option.Position;
            combinations = combinations.SelectMany(c => option.Values.Select(value =>
            {
                var next = (string?[])c.Clone();
                next[position] = value;
                return next;
            }));
        }

        return ordered.Count == 0 ? [] : combinations;
    }

    /// <summary>How many combinations the options make, without listing them (to refuse more than 2,048 up front).</summary>
    public static long CountOf(IReadOnlyList<ProductOption> options) =>
        options.Count == 0 ? 0 : options.Aggregate(1L, (n, o) => n * o.Values.Count);

    public static string Key(string? option1, string? option2, string? option3) => VariantNames.Of(option1, option2, option3);

    public static string Key(ProductVariant v) => Key(v.Option1, v.Option2, v.Option3);

    /// <summary>
    /// A SKU for a new combination: the product's base SKU and the values in capitals, joined by hyphens
    /// ("T-SHIRT-M-BLUE"), made unique against <paramref name="taken"/> (upper-cased SKUs) with "-2", "-3"...
    /// </summary>
    public static string ProposeSku(string baseSku, string?[] values, ISet<string> taken)
    {
        var sku = new StringBuilder(baseSku);
        foreach (var value in values.Where(v => !string.IsNullOrEmpty(v)))
        {
            sku.Append('-').Append(SkuPart(value!));
        }

        var proposal = Fit(sku.ToString(), "");
        for (var n = 2; !taken.Add(proposal.ToUpperInvariant()); n++)
        {
            proposal = Fit(sku.ToString(), $"-{n}");
        }

        return proposal;
    }

    /// <summary>Sets each variant's Position to its combination's place in the options' order; variants without one go last.</summary>
    public static void Renumber(IReadOnlyList<ProductOption> options, IEnumerable<ProductVariant> variants)
    {
        var byPosition = options.ToDictionary(o => o.Position, o => o.Values);
        int Rank(int position, string? value) =>
            byPosition.TryGetValue(position, out var values) && value is not null && values.IndexOf(value) is var i and >= 0 ? i : int.MaxValue / 4;

        var ordered = variants
            .OrderBy(v => Rank(0, v.Option1)).ThenBy(v => Rank(1, v.Option2)).ThenBy(v => Rank(2, v.Option3)).ThenBy(v => v.Position).ThenBy(v => v.Id)
            .ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Position != i)
            {
                ordered[i].Position = i;
            }
        }
    }

    // Letters and digits kept (in capitals), everything else one hyphen: a SKU has no spaces (VariantRules.SkuError).
    private static string SkuPart(string value)
    {
        var part = new StringBuilder();
        foreach (var c in value.Trim().ToUpperInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                part.Append(c);
            }
            else if (part.Length > 0 && part[^1] != '-')
            {
                part.Append('-');
            }
        }

        return part.ToString().Trim('-') is { Length: > 0 } text ? text : "X";
    }

    private static string Fit(string sku, string suffix) =>
        sku.Length + suffix.Length <= ProductVariant.SkuMaxLength ? sku + suffix : sku[..(ProductVariant.SkuMaxLength - suffix.Length)] + suffix;
}
