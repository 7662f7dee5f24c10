using ShopWeb.Data;

namespace ShopWeb.Catalog.Variants;

/// <summary>One option as an admin (or a file) gives it: a name and its values in order.</summary>
public sealed record OptionSpec(string Name, IReadOnlyList<string> Values);

/// <summary>A problem with the options form: on an option (its slot; its name, or else its values) or on the whole form (Slot null).</summary>
public sealed record OptionProblem(int? Slot, string Message, bool AboutName = false);

/// <summary>
/// Replaces a product's options and moves its variants along, never deleting one: a value or option still in use
/// cannot disappear (the admin renames it, or deletes those variants in the grid, knowingly). An option added to a
/// product with variants gives them its first value, as a product without options keeps its one variant.
/// </summary>
public static class OptionChanges
{
    /// <summary>The options the form leaves empty that variants still have a value of: an option is never taken off them silently.</summary>
    public static IReadOnlyList<OptionProblem> RemovedInUse(Product product, IReadOnlyList<OptionSpec?> rows) =>
        [.. product.Options
            .Where(o => rows.ElementAtOrDefault(o.Position) is not { } spec || (string.IsNullOrWhiteSpace(spec.Name) && spec.Values.Count == 0))
            .Select(o => (Option: o, Variants: product.Variants.Count(v => Value(v, o.Position) is not null)))
            .Where(x => x.Variants > 0)
            .Select(x => new OptionProblem(x.Option.Position, $"{x.Option.Name} is used by {x.Variants} variant(s): save again to take it off them, or give it back its values."))];

    /// <param name="product">Tracked, with its Options and Variants loaded.</param>
    /// <param name="rows">Slot i stands for the product's option at position i (null or blank: none, or removed).</param>
    /// <param name="removalConfirmed">The admin was told which variants an option left empty takes its values from, and saved again.</param>
    /// <returns>The problems, by slot (null for the form as a whole); nothing is changed when there is one.</returns>
    public static IReadOnlyList<OptionProblem> Apply(Product product, IReadOnlyList<OptionSpec?> rows, bool removalConfirmed = false)
    {
        var errors = new List<OptionProblem>();
        var kept = new List<(int Slot, OptionSpec Spec)>();
        for (var slot = 0; slot < rows.Count; slot++)
        {
            if (rows[slot] is not { } spec || (string.IsNullOrWhiteSpace(spec.Name) && spec.Values.Count == 0))
            {
                continue;
            }

            if (slot >= ProductOption.MaxPerProduct)
            {
                errors.Add(new(slot, VariantRules.TooManyOptions));
                continue;
            }

            var nameProblem = VariantRules.OptionNameError(spec.Name)
                ?? (kept.Any(k => VariantRules.SameOptionName(k.Spec.Name, spec.Name)) ? $"Another option is already called {spec.Name.Trim()}." : null);
            var valuesProblem = spec.Values.Select(VariantRules.OptionValueError).FirstOrDefault(e => e is not null)
                ?? (spec.Values.Count == 0 ? $"Give {spec.Name.Trim()} at least one value." : null)
                ?? (spec.Values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice ? $"{twice.Key} is listed twice." : null);
            if (nameProblem is not null)
            {
                errors.Add(new(slot, nameProblem, AboutName: true));
            }

            if (valuesProblem is not null)
            {
                errors.Add(new(slot, valuesProblem));
            }

            if (nameProblem is not null || valuesProblem is not null)
            {
                continue;
            }

            kept.Add((slot, spec with { Name = spec.Name.Trim() }));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var old = product.Options.ToDictionary(o => o.Position);
        if (!removalConfirmed && RemovedInUse(product, rows) is { Count: > 0 } removed)
        {
            return removed;
        }

        var moved = product.Variants.Select(v => (Variant: v, Values: kept.Select(k =>
            old.ContainsKey(k.Slot) ? Value(v, k.Slot) ?? k.Spec.Values[0] : k.Spec.Values[0]).ToArray())).ToList();
        for (var position = 0; position < kept.Count; position++)
        {
            var (slot, spec) = kept[position];
            foreach (var gone in moved.Where(m => !spec.Values.Contains(m.Values[position])).GroupBy(m => m.Values[position]))
            {
                errors.Add(new(slot, $"{gone.Key} is used by {gone.Count()} variant(s): rename it below, or delete those variants in the grid first."));
            }
        }

        if (kept.Count == 0 && product.Variants.Count > 1)
        {
            errors.Add(new(null, "A product without options has exactly one variant: delete the others in the grid first."));
        }
        else if (errors.Count == 0 && moved.GroupBy(m => string.Join('\n', m.Values)).FirstOrDefault(g => g.Count() > 1) is { } same)
        {
            errors.Add(new(null, $"Two variants would both be {string.Join(VariantNames.Separator, same.First().Values)}: delete one in the grid first."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        // An option keeps its row while its position stays; one that moves up is written anew (positions are unique).
        foreach (var (position, option) in old.Where(o => !kept.Select((k, i) => (k.Slot, i)).Contains((o.Key, o.Key))))
        {
            product.Options.Remove(option);
        }

        for (var position = 0; position < kept.Count; position++)
        {
            var spec = kept[position].Spec;
            if (kept[position].Slot == position && old.TryGetValue(position, out var same))
            {
                same.Name = spec.Name;
                same.Values = [.. spec.Values];
            }
            else
            {
                product.Options.Add(new ProductOption { Position = position, Name = spec.Name, Values = [.. spec.Values] });
            }
        }

        foreach (var (variant, values) in moved)
        {
            SetValues(variant, values);
        }

        VariantCombinations.Renumber(product.Options, product.Variants);
        return [];
    }

    /// <summary>Renames one value of an option, in the option and in every variant that has it.</summary>
    /// <returns>Null, or why not.</returns>
    public static string? Rename(Product product, int position, string from, string to)
    {
        to = to.Trim();
        if (product.Options.FirstOrDefault(o => o.Position == position) is not { } option || option.Values.IndexOf(from) is var index && index < 0)
        {
            return "Choose a value to rename.";
        }

        if (VariantRules.OptionValueError(to) is { } error)
        {
            return error;
        }

        if (to == from)
        {
            return $"{from} is its name already: type the new name."; // a save would change nothing but the product's version
        }

        if (option.Values.Where((v, i) => i != index).Contains(to, StringComparer.OrdinalIgnoreCase))
        {
            return $"{option.Name} already has {to}.";
        }

        option.Values = [.. option.Values.Select((v, i) => i == index ? to : v)];
        foreach (var variant in product.Variants.Where(v => Value(v, position) == from))
        {
            var values = new[] { variant.Option1, variant.Option2, variant.Option3 };
            values[position] = to;
            SetValues(variant, values);
        }

        return null;
    }

    private static string? Value(ProductVariant v, int position) => position switch { 0 => v.Option1, 1 => v.Option2, _ => v.Option3 };

    private static void SetValues(ProductVariant variant, IReadOnlyList<string?> values)
    {
        variant.Option1 = values.ElementAtOrDefault(0);
        variant.Option2 = values.ElementAtOrDefault(1);
        variant.Option3 = values.ElementAtOrDefault(2);
    }
}
