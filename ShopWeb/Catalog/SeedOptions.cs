using System.Globalization;
using Microsoft.Extensions.Options;

namespace ShopWeb.Catalog;

/// <summary>The <c>Seed</c> section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>The hand-written demo products; a larger size adds generated ones in the same categories.</summary>
    public const int HandWrittenProducts = 66;

    public const int LargestDemoCatalog = 100_000;

    /// <summary>Fill an empty catalog with the demo categories and products at start.</summary>
    public bool DemoCatalog { get; set; } = true;

    /// <summary>How many products the demo catalog has: a large one is for trying search and paging at scale.</summary>
    public int DemoCatalogSize { get; set; } = HandWrittenProducts;
}

internal sealed class SeedOptionsValidator : IValidateOptions<SeedOptions>
{
    public ValidateOptionsResult Validate(string? name, SeedOptions options) =>
        options.DemoCatalogSize is >= SeedOptions.HandWrittenProducts and <= SeedOptions.LargestDemoCatalog
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{SeedOptions.Section}:{nameof(options.DemoCatalogSize)} {options.DemoCatalogSize} must be a whole number from {SeedOptions.HandWrittenProducts} to {SeedOptions.LargestDemoCatalog}."));
}
