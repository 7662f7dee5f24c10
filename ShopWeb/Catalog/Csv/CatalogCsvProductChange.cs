using System.Security.Cryptography;
using System.Text;
using ShopWeb.Catalog.Variants;
using ShopWeb.Data;
using static ShopWeb.Catalog.Csv.CatalogCsvColumns;

namespace ShopWeb.Catalog.Csv;

/// <summary>
/// One product of the file against the store: what it checks (its category, SKUs, options and variant count), what it
/// would add or change, and the change itself. The preview and the apply use this same comparison, so an import of
/// what the export wrote finds nothing to change and writes nothing.
/// </summary>
internal sealed class CatalogCsvProductChange(
    CatalogCsvProduct file, Product? existing, Dictionary<string, int> categories, Dictionary<string, string>? owners, List<CatalogCsvProblem> problems)
{
    private readonly int optionCount = file.First.OptionCount;

    private readonly Dictionary<string, ProductVariant> bySku = existing?.Variants.ToDictionary(v => v.Sku, StringComparer.Ordinal) ?? [];

    public void Count(CatalogCsvImport.Tally tally)
    {
        if (!IsValid())
        {
            return;
        }

        var productChanged = ProductChanged();
        tally.NewProducts += existing is null ? 1 : 0;
        var variantsChanged = 0;
        foreach (var row in file.Rows)
        {
            var variant = bySku.GetValueOrDefault(row.Sku);
            tally.Matched += variant is null ? 0 : 1;
            if (variant is null)
            {
                tally.Add++;
                if (tally.AddedSkus.Count < CatalogCsvImport.Tally.Listed)
                {
                    tally.AddedSkus.Add(row.Sku);
                }
            }
            else if (productChanged || VariantChanged(row, variant))
            {
                tally.Change++;
                variantsChanged++;
                if (tally.Changes.Count < CatalogCsvImport.Tally.Listed)
                {
                    tally.Changes.Add(BeforeAndAfter(row, variant));
                }
            }
            else
            {
                tally.Leave++;
            }
        }

        tally.ChangedProducts += existing is not null && (productChanged || variantsChanged > 0 || file.Rows.Any(r => !bySku.ContainsKey(r.Sku))) ? 1 : 0;
    }

    /// <returns>The new product, for the caller to add; null when the product was already in the store (changed in place).</returns>
    public Product? Apply(DateTimeOffset now)
    {
        var first = file.First;
        var product = existing ?? new Product { Name = first.Name, Slug = file.Slug, CreatedAt = now, ImagePath = "/favicon.svg" };
        var changed = ProductChanged() || file.Rows.Any(r => bySku.GetValueOrDefault(r.Sku) is not { } v || VariantChanged(r, v));
        if (!changed)
        {
            return null;
        }

        product.Name = first.Name;
        product.Description = first.Description ?? product.Description;
        product.CategoryId = categories[first.CategorySlug];
        product.PriceMinor = first.PriceMinor;
        product.ImagePath = first.ProductImage ?? product.ImagePath;
        product.Publish(first.Published ?? product.IsPublished);
        ApplyOptions(product);
        product.RefreshSearchText();
        product.Version += existing is null ? 0 : 1; // an admin form open on it now sees a conflict, not a silent overwrite

        var next = product.Variants.Select(v => v.Position + 1).DefaultIfEmpty(0).Max();
        foreach (var row in file.Rows)
        {
            if (bySku.GetValueOrDefault(row.Sku) is not { } variant)
            {
                variant = new ProductVariant { Sku = row.Sku, Position = row.Position ?? next++ };
                product.Variants.Add(variant);
            }

            var values = Values(row);
            (variant.Option1, variant.Option2, variant.Option3) = (values[0], values[1], values[2]);
            variant.PriceMinor = row.HasVariantPrice ? row.VariantPriceMinor : variant.PriceMinor;
            variant.Stock = row.Stock ?? variant.Stock;
            variant.ImagePath = row.Image is null || SameImage(row.Image, variant.ImagePath) ? variant.ImagePath : Blank(row.Image);
            variant.IsOnSale = row.OnSale ?? variant.IsOnSale;
            variant.Position = row.Position ?? variant.Position;
        }

        return existing is null ? product : null;
    }

    private bool IsValid()
    {
        var before = problems.Count;
        var first = file.First;
        if (!categories.ContainsKey(first.CategorySlug))
        {
            problems.Add(new(first.Line, CatalogCsvColumns.Category, $"no category has the slug {first.CategorySlug}: create it first (an import never creates one)."));
        }

        foreach (var row in file.Rows)
        {
            if (owners?.GetValueOrDefault(row.Sku) is { } owner && owner != file.Slug)
            {
                problems.Add(new(row.Line, Sku, $"SKU {row.Sku} belongs to the product {owner}: a SKU is unique in the shop."));
            }
        }

        var kept = existing?.Variants.Where(v => file.Rows.All(r => r.Sku != v.Sku)).ToList() ?? [];
        var existingOptions = existing?.Options.Count ?? 0;
        if (kept.Count > 0 && existingOptions != optionCount)
        {
            problems.Add(new(first.Line, OptionName(0),
                $"{file.Slug} has {existingOptions} option(s) in the shop, which its {kept.Count} variant(s) not in this file keep: give the same options."));
        }
        else if (kept.Count > 0 && existing!.Options.OrderBy(o => o.Position).Select(o => o.Name).ToList() is var names
            && Enumerable.Range(0, optionCount).FirstOrDefault(i => names[i] != first.OptionNames[i], -1) is >= 0 and var renamed)
        {
            // A name changes for every variant of the product: only a file that names them all may change it.
            problems.Add(new(first.Line, OptionName(renamed),
                $"{file.Slug}'s option {renamed + 1} is {names[renamed]} in the shop, which its {kept.Count} variant(s) not in this file keep: give the same options."));
        }
        else if (optionCount == 0 && file.Rows.Count + kept.Count > 1)
        {
            problems.Add(new(file.Rows.Count > 1 ? file.Rows[1].Line : first.Line, OptionName(0),
                "a product without options has exactly one variant: give it options to sell more than one."));
        }
        else if (file.Rows.Count + kept.Count > ProductVariant.MaxPerProduct)
        {
            problems.Add(new(first.Line, Sku, char.ToLowerInvariant(VariantRules.TooManyVariants[0]) + VariantRules.TooManyVariants[1..]));
        }
        else if (optionCount > 0)
        {
            var combinations = kept.ToDictionary(v => Key([v.Option1, v.Option2, v.Option3]), v => $"SKU {v.Sku}", StringComparer.Ordinal);
            foreach (var row in file.Rows)
            {
                if (!combinations.TryAdd(Key(Values(row)), $"line {row.Line}"))
                {
                    problems.Add(new(row.Line, OptionValue(0), $"another variant of {file.Slug} ({combinations[Key(Values(row))]}) has the same options."));
                }
            }
        }

        for (var i = 0; i < optionCount; i++)
        {
            // As on the Options page: "Natural" and "natural" would be two choices a shopper cannot tell apart.
            var spelled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var value in existing?.Options.FirstOrDefault(o => o.Position == i)?.Values ?? [])
            {
                spelled.TryAdd(value, value);
            }

            foreach (var row in file.Rows)
            {
                var value = row.OptionValues[i]!;
                if (!spelled.TryAdd(value, value) && spelled[value] != value)
                {
                    problems.Add(new(row.Line, OptionValue(i), $"{first.OptionNames[i]} has the value {spelled[value]} already: write it the same way."));
                }
            }
        }

        return problems.Count == before;
    }

    /// <summary>A changed variant for the preview and the audit entry: its own fields, and its product's.</summary>
    private CatalogCsvVariantChange BeforeAndAfter(CatalogCsvRow row, ProductVariant variant)
    {
        var first = file.First;
        var values = Values(row);
        var before = new CatalogCsvVariantValues(existing!.Name, existing.PriceMinor, variant.Option1, variant.Option2, variant.Option3,
            variant.PriceMinor, variant.Stock, variant.ImagePath, variant.IsOnSale)
        {
            Category = categories.FirstOrDefault(c => c.Value == existing.CategoryId).Key ?? "",
            Published = existing.IsPublished,
            ProductImage = existing.ImagePath,
            Description = CatalogCsvVariantValues.Beginning(existing.Description),
            OptionNames = string.Join(", ", existing.Options.OrderBy(o => o.Position).Select(o => o.Name)),
            Position = variant.Position,
        };
        return new(row.Sku, before, before with
        {
            Product = first.Name, ProductPrice = first.PriceMinor, Option1 = values[0], Option2 = values[1], Option3 = values[2],
            PriceMinor = row.HasVariantPrice ? row.VariantPriceMinor : variant.PriceMinor,
            Stock = row.Stock ?? variant.Stock,
            ImagePath = row.Image is null || SameImage(row.Image, variant.ImagePath) ? variant.ImagePath : Blank(row.Image),
            IsOnSale = row.OnSale ?? variant.IsOnSale,
            Category = first.CategorySlug,
            Published = first.Published ?? existing.IsPublished,
            ProductImage = first.ProductImage ?? existing.ImagePath,
            Description = CatalogCsvVariantValues.Beginning(first.Description ?? existing.Description),
            OptionNames = string.Join(", ", first.OptionNames.Take(optionCount)),
            Position = row.Position ?? variant.Position,
        });
    }

    /// <summary>
    /// Adds to the preview's fingerprint what this comparison read of the shop: the product, the category its slug
    /// names, its options and every variant but their stock (an order taking stock meanwhile changes nothing the file
    /// says: its stock is a count the admin gives, not a change). Applying checks it again, so a preview is applied
    /// only to the shop it was made against, not over another admin's edit made since.
    /// </summary>
    public void AddTo(IncrementalHash fingerprint)
    {
        var seen = new StringBuilder(file.Slug).Append('\u001e').Append(categories.GetValueOrDefault(file.First.CategorySlug)).Append('\u001e');
        if (existing is not null)
        {
            seen.AppendJoin('\u001f', existing.Name, existing.Description, existing.CategoryId, existing.PriceMinor, existing.ImagePath, existing.IsPublished,
                existing.ArchivedAt?.ToUnixTimeMilliseconds(), existing.Version);
            foreach (var option in existing.Options.OrderBy(o => o.Position))
            {
                seen.Append('\u001e').AppendJoin('\u001f', option.Name, string.Join('\u001d', option.Values));
            }

            foreach (var v in existing.Variants.OrderBy(v => v.Sku, StringComparer.Ordinal))
            {
                seen.Append('\u001e').AppendJoin('\u001f', v.Sku, v.Option1, v.Option2, v.Option3, v.PriceMinor, v.ImagePath, v.IsOnSale, v.Position);
            }
        }

        fingerprint.AppendData(Encoding.UTF8.GetBytes(seen.Append('\u001c').ToString()));
    }

    private bool ProductChanged()
    {
        if (existing is null)
        {
            return true;
        }

        var first = file.First;
        return existing.Name != first.Name
            || (first.Description is { } description && description != existing.Description)
            || existing.CategoryId != categories[first.CategorySlug]
            || existing.PriceMinor != first.PriceMinor
            || (first.ProductImage is { } image && image != existing.ImagePath)
            || (first.Published is { } published && published != existing.IsPublished)
            || OptionsChanged();
    }

    private bool OptionsChanged()
    {
        var current = existing!.Options.OrderBy(o => o.Position).ToList();
        return current.Count != optionCount
            || current.Select((o, i) => o.Name != file.First.OptionNames[i] || !o.Values.SequenceEqual(OptionValues(i))).Any(c => c);
    }

    private bool VariantChanged(CatalogCsvRow row, ProductVariant variant)
    {
        var values = Values(row);
        return variant.Option1 != values[0] || variant.Option2 != values[1] || variant.Option3 != values[2]
            || (row.HasVariantPrice && row.VariantPriceMinor != variant.PriceMinor)
            || (row.Stock is { } stock && stock != variant.Stock)
            || (row.Image is { } image && !SameImage(image, variant.ImagePath))
            || (row.OnSale is { } onSale && onSale != variant.IsOnSale)
            || (row.Position is { } position && position != variant.Position);
    }

    /// <summary>The option's values: those it has in the store, in their order, then the file's new ones in the order they come.</summary>
    private List<string> OptionValues(int position)
    {
        var values = existing?.Options.FirstOrDefault(o => o.Position == position)?.Values.ToList() ?? [];
        foreach (var value in file.Rows.Select(r => r.OptionValues[position]!).Where(v => !values.Contains(v)))
        {
            values.Add(value);
        }

        return values;
    }

    private void ApplyOptions(Product product)
    {
        foreach (var extra in product.Options.Where(o => o.Position >= optionCount).ToList())
        {
            product.Options.Remove(extra);
        }

        for (var i = 0; i < optionCount; i++)
        {
            var values = OptionValues(i);
            if (product.Options.FirstOrDefault(o => o.Position == i) is not { } option)
            {
                product.Options.Add(new ProductOption { Position = i, Name = file.First.OptionNames[i]!, Values = values });
            }
            else if (option.Name != file.First.OptionNames[i] || !option.Values.SequenceEqual(values))
            {
                option.Name = file.First.OptionNames[i]!;
                option.Values = values;
            }
        }
    }

    private string?[] Values(CatalogCsvRow row) => [.. Enumerable.Range(0, ProductOption.MaxPerProduct).Select(i => i < optionCount ? row.OptionValues[i] : null)];

    private static string Key(string?[] values) => string.Join('\u001f', values.Select(v => v ?? ""));

    private static bool SameImage(string image, string? current) => Blank(image) == Blank(current);

    private static string? Blank(string? image) => string.IsNullOrEmpty(image) ? null : image;
}
