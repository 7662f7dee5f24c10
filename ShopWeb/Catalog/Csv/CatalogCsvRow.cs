namespace ShopWeb.Catalog.Csv;

/// <summary>One variant's line of the file, read and checked on its own. A column the file leaves out is null: kept as the store has it.</summary>
public sealed class CatalogCsvRow
{
    public required int Line { get; init; }

    public required string Sku { get; init; }

    public required string Slug { get; init; }

    public required string Name { get; init; }

    public required string CategorySlug { get; init; }

    public required long PriceMinor { get; init; }

    public string? Description { get; init; }

    public string? ProductImage { get; init; }

    public bool? Published { get; init; }

    /// <summary>The option names and values by position; null where blank.</summary>
    public required string?[] OptionNames { get; init; }

    public required string?[] OptionValues { get; init; }

    /// <summary>Whether the file has the variant_price column; <see cref="VariantPriceMinor"/> null then means the product's price.</summary>
    public bool HasVariantPrice { get; init; }

    public long? VariantPriceMinor { get; init; }

    public int? Stock { get; init; }

    /// <summary>Null when the column is left out; empty for the product's image.</summary>
    public string? Image { get; init; }

    public bool? OnSale { get; init; }

    public int? Position { get; init; }

    public int OptionCount => OptionNames.TakeWhile(n => n is not null).Count();
}

/// <summary>A problem with the file, where a spreadsheet shows it: the line (1 is the header) and the column.</summary>
public sealed record CatalogCsvProblem(int Line, string Column, string Message)
{
    public override string ToString() => Column.Length == 0 ? $"line {Line}: {Message}" : $"line {Line}, column {Column}: {Message}";
}
