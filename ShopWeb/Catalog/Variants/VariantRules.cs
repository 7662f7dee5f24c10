using ShopWeb.Data;

namespace ShopWeb.Catalog.Variants;

/// <summary>
/// What makes a SKU, an option and a set of variants valid: the one rule for the admin's product and grid forms, the
/// catalog CSV import and the API, each of which shows the message in its own place (a field, a CSV line, a problem).
/// </summary>
public static class VariantRules
{
    /// <returns>Null when the SKU may be used, else why not.</returns>
    public static string? SkuError(string? sku)
    {
        if (string.IsNullOrWhiteSpace(sku))
        {
            return "Enter a SKU.";
        }

        sku = CanonicalSku(sku); // judged as it will be kept
        if (sku.Length > ProductVariant.SkuMaxLength)
        {
            return $"Use at most {ProductVariant.SkuMaxLength} characters for a SKU.";
        }

        // Printable, without spaces: a SKU is typed into searches, spreadsheets and URLs, and copied from labels. No
        // invisible format characters either (a zero-width space, a bidirectional override): "ZW\u200B-1" would look
        // like the SKU ZW-1 and be another.
        return sku.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            ? "A SKU has no spaces, control characters or invisible characters." : null;
    }

    /// <summary>
    /// A SKU as kept and looked up: trimmed, and in Unicode's composed form, so "CAFÉ" typed with a combining accent is
    /// the same SKU as "CAFÉ". Compared exactly otherwise (the store's unique key): "abc" and "ABC" are two SKUs.
    /// </summary>
    public static string CanonicalSku(string sku) => sku.Trim().Normalize(System.Text.NormalizationForm.FormC);

    /// <returns>Null when the option name may be used, else why not.</returns>
    public static string? OptionNameError(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Name the option, such as Size."
        : name.Trim().Length > ProductOption.NameMaxLength ? $"Use at most {ProductOption.NameMaxLength} characters for an option's name."
        : Infrastructure.PlainTextAttribute.Error(name);

    /// <summary>Two option names that are one to a shopper ("Size" and " size"): a product's options never share one.</summary>
    public static bool SameOptionName(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <returns>Null when the value may be used, else why not.</returns>
    public static string? OptionValueError(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "An option value cannot be empty."
        : value.Trim().Length > ProductOption.ValueMaxLength ? $"Use at most {ProductOption.ValueMaxLength} characters for an option value."
        : value.Contains(VariantNames.Separator.Trim(), StringComparison.Ordinal) ? "An option value has no \"/\": it separates the values of a variant's name."
        : Infrastructure.PlainTextAttribute.Error(value);

    /// <summary>
    /// The most one variant may hold: within it, even a product's 2,048 variants together fit the store's whole numbers
    /// (its listings add them up), whichever form or file set them.
    /// </summary>
    public const int MaxStock = 1_000_000;

    public const string StockMessage = "Enter a stock from 0 to 1,000,000.";

    /// <returns>Null when the stock may be kept, else why not.</returns>
    public static string? StockError(int? stock) => stock is >= 0 and <= MaxStock ? null : StockMessage;

    public static string TooManyOptions => $"A product has at most {ProductOption.MaxPerProduct} options.";

    public static string TooManyVariants => $"A product has at most {ProductVariant.MaxPerProduct:N0} variants.";
}
