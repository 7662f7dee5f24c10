using ShopWeb.Catalog;

namespace ShopWeb.Api.V1.Contracts;

public sealed record CategoryResponse(string Slug, string Name, string Description, int ProductCount);

/// <summary>How much is left, as the shop words it ("Only 2 left"): exact counts are not published.</summary>
public sealed record Availability(StockLevel Level, string Label)
{
    public static Availability Of(int stock) => new(StockState.Level(stock), StockState.Describe(stock));
}

/// <param name="ImageUrl">Relative to the shop's address.</param>
public sealed record ProductSummary(string Slug, string Name, Money Price, Availability Availability, string ImageUrl);

public sealed record ProductCategory(string Slug, string Name);

public sealed record ProductResponse(
    string Slug, string Name, string Description, Money Price, Availability Availability, string ImageUrl, ProductCategory? Category, int MaxQuantity);

/// <param name="Page">The page asked for: past the last page its list is empty.</param>
/// <param name="SearchWords">The words of <c>q</c> looked for (<see cref="CatalogQuery.Words"/>).</param>
/// <param name="SearchTrimmed">Some words of <c>q</c> were left out: too short, or past the first eight.</param>
public sealed record ProductPage(
    IReadOnlyList<ProductSummary> Items, int Page, int PageSize, int TotalCount, int TotalPages, IReadOnlyList<string> SearchWords, bool SearchTrimmed);
