using ShopWeb.Catalog;

namespace ShopWeb.Api.V1.Contracts;

public sealed record CategoryResponse(string Slug, string Name, string Description, int ProductCount);

/// <summary>How much is left, as the shop words it ("Only 2 left"): exact counts are not published.</summary>
public sealed record Availability(StockLevel Level, string Label)
{
    public static Availability Of(int stock) => new(StockState.Level(stock), StockState.Describe(stock));
}

/// <param name="Price">The lowest price of the variants on sale: "from" this price when <paramref name="PriceMax"/> is higher.</param>
/// <param name="PriceMax">The highest price of the variants on sale; equal to <paramref name="Price"/> when they all sell at one price.</param>
/// <param name="Availability">Over all the variants on sale: sold out only when every one is.</param>
/// <param name="ImageUrl">Relative to the shop's address.</param>
public sealed record ProductSummary(string Slug, string Name, Money Price, Money PriceMax, Availability Availability, string ImageUrl);

public sealed record ProductCategory(string Slug, string Name);

/// <param name="Price">As in the list: the lowest price of the variants on sale.</param>
/// <param name="Options">The product's options (at most 3, such as Size and Colour), each with its values in order; empty for a product sold one way.</param>
/// <param name="Variants">Every combination sold, in the shop's order; a product without options has exactly one. A cart line names one by its SKU.</param>
public sealed record ProductResponse(
    string Slug, string Name, string Description, Money Price, Money PriceMax, Availability Availability, string ImageUrl, ProductCategory? Category, int MaxQuantity,
    IReadOnlyList<ProductOptionResponse> Options, IReadOnlyList<ProductVariantResponse> Variants)
{
    /// <summary>A product with its options and variants loaded (<see cref="CatalogQueries.PublishedBySlug"/>), priced as its tile is (<see cref="ProductTile.Of"/>).</summary>
    public static ProductResponse From(Data.Product product, string currency)
    {
        var (lowest, highest) = product.PriceRange();
        return new(
            product.Slug, product.Name, product.Description, Money.Of(lowest, currency), Money.Of(highest, currency),
            Availability.Of(product.Variants.Where(v => v.IsOnSale).Sum(v => v.Stock)),
            product.ImagePath, product.Category is { } c ? new ProductCategory(c.Slug, c.Name) : null, Ordering.ShoppingCart.MaxQuantity,
            product.Options.OrderBy(o => o.Position).Select(o => new ProductOptionResponse(o.Name, o.Values)).ToList(),
            product.Variants.OrderBy(v => v.Position).Select(v => new ProductVariantResponse(
                v.Sku, new[] { v.Option1, v.Option2, v.Option3 }.OfType<string>().ToList(), v.OptionText, Money.Of(v.PriceOf(product), currency),
                Availability.Of(v.IsOnSale ? v.Stock : 0), v.ImageOf(product), v.IsOnSale)).ToList());
    }
}

public sealed record ProductOptionResponse(string Name, IReadOnlyList<string> Values);

/// <param name="Sku">The variant's code, unique in the shop: what cart lines are named by.</param>
/// <param name="Options">Its value of each of the product's options, in the options' order.</param>
/// <param name="OptionText">Those values as the shop names the variant ("M / Blue"); empty for a product without options.</param>
/// <param name="Price">The variant's own price, or the product's.</param>
/// <param name="Availability">Sold out when off sale, whatever its stock.</param>
/// <param name="ImageUrl">The variant's own image, or the product's; relative to the shop's address.</param>
/// <param name="OnSale">Off: shown as unavailable and never sold.</param>
public sealed record ProductVariantResponse(
    string Sku, IReadOnlyList<string> Options, string OptionText, Money Price, Availability Availability, string ImageUrl, bool OnSale);

/// <param name="Page">The page asked for: past the last page its list is empty.</param>
/// <param name="SearchWords">The words of <c>q</c> looked for (<see cref="CatalogQuery.Words"/>).</param>
/// <param name="TotalCount">The products that match; a search counts at most 1,000 of them (see <paramref name="TotalCountCapped"/>).</param>
/// <param name="TotalPages">The pages of <paramref name="TotalCount"/> products.</param>
/// <param name="SearchTrimmed">Some words of <c>q</c> were left out: too short, or past the first eight.</param>
/// <param name="TotalCountCapped">
/// The search matched more than 1,000 products and stopped counting there ("1,000+"): <c>totalCount</c> is 1000 and
/// the pages hold those first 1,000. Add words to <c>q</c> or a <c>category</c> to narrow it.
/// </param>
public sealed record ProductPage(
    IReadOnlyList<ProductSummary> Items, int Page, int PageSize, int TotalCount, int TotalPages, IReadOnlyList<string> SearchWords, bool SearchTrimmed,
    bool TotalCountCapped);
