namespace ShopWeb.Catalog;

/// <summary>The <c>Seed</c> section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Fill an empty catalog with the demo categories and products at start.</summary>
    public bool DemoCatalog { get; set; } = true;
}
