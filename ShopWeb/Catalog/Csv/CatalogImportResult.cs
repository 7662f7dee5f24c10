using System.Globalization;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog.Csv;

/// <summary>What an import would do (a preview) or did (applied): rows to add, change and leave as they are, and every problem.</summary>
public sealed record CatalogImportResult(
    int Rows, int ToAdd, int ToChange, int ToLeave, int ProductsToAdd, int ProductsToChange, int KeptOutsideFile,
    IReadOnlyList<CatalogCsvProblem> Problems, bool Applied = false)
{
    /// <summary>The SKUs the import adds, and each variant it changes before and after: the first 500 of each, for the preview and the audit entry.</summary>
    public IReadOnlyList<string> AddedSkus { get; init; } = [];

    public IReadOnlyList<CatalogCsvVariantChange> Changes { get; init; } = [];

    /// <summary>A hash of what the comparison read of the shop: the preview carries it, the apply checks it.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>Applying found the shop changed since the preview: nothing applied; this result is the file against the shop as it is now.</summary>
    public bool ChangedSincePreview { get; init; }

    public bool IsValid => Problems.Count == 0;

    /// <summary>"1 problem", "12 problems", or past <see cref="CatalogCsvReader.MaxProblems"/> "at least 1,000 problems (…)", the file read no further.</summary>
    public string ProblemsSaid => Problems.Count switch
    {
        1 => "1 problem",
        >= CatalogCsvReader.MaxProblems => string.Create(CultureInfo.InvariantCulture, $"at least {Problems.Count:N0} problems (the file was read no further)"),
        var n => string.Create(CultureInfo.InvariantCulture, $"{n:N0} problems"),
    };

    public bool ChangesNothing => ToAdd == 0 && ToChange == 0;

    /// <summary>What the preview would do, or, once applied, what was done.</summary>
    public string Summary => Applied
        ? string.Create(CultureInfo.InvariantCulture,
            $"{Paging.Count(Rows, "row", "rows")}: {ToAdd:N0} added, {ToChange:N0} changed, {ToLeave:N0} left as they were ({Paging.Count(ProductsToAdd, "new product", "new products")}, {ProductsToChange:N0} changed); {Paging.Count(KeptOutsideFile, "variant in the shop was not in the file and is kept", "variants in the shop were not in the file and are kept")}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{Paging.Count(Rows, "row", "rows")}: {ToAdd:N0} to add, {ToChange:N0} to change, {ToLeave:N0} to leave as they are ({Paging.Count(ProductsToAdd, "new product", "new products")}, {ProductsToChange:N0} changed); {Paging.Count(KeptOutsideFile, "variant in the shop is not in the file and is kept", "variants in the shop are not in the file and are kept")}");

    /// <summary>The audit entry's account of an applied import.</summary>
    public object Audit => new
    {
        Rows, Added = ToAdd, Changed = ToChange, Left = ToLeave, ProductsAdded = ProductsToAdd, ProductsChanged = ProductsToChange, KeptOutsideFile,
        AddedSkus, Changes,
    };
}
