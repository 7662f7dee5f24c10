using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog.Seo;

/// <summary>
/// The head tags of the home, listing and product pages. A listing's canonical address keeps what changes what it
/// lists (search words, category, page number) and drops the sort, which only reorders: <c>/products?category=mugs&amp;sort=name&amp;page=2</c>
/// points to <c>/products?category=mugs&amp;page=2</c>. It is built from the same normalised query the page cache keys the listing by.
/// </summary>
public sealed class SeoTags(PublicLinks links, IOptions<ShopOptions> shop, Prices prices)
{
    public string SiteName => shop.Value.Name;

    public PageSeo ForHome(IReadOnlyList<ProductTile> featured) =>
        new(links.Absolute("/"), $"{SiteName}: good things for everyday life, delivered to your door.", Image(featured.FirstOrDefault()?.ImagePath), "website")
        {
            Title = SiteName,
        };

    public PageSeo ForListing(CatalogPage page)
    {
        // An unknown category lists everything, so the page is the plain listing's.
        var query = page.Query with { Sort = CatalogQuery.Sorts[0].Value, Category = page.Category?.Slug };
        var description = page.Category is { } category
            ? PageSeo.Shorten(category.Description.Length > 0 ? category.Description : $"{category.Name} at {SiteName}.")
            : $"Every product on sale at {SiteName}.";
        return new PageSeo(links.Absolute(query.Url()), description, Image(page.Products.FirstOrDefault()?.ImagePath), "website")
        {
            NoIndex = query.Search is not null,
        };
    }

    /// <summary>
    /// A product's page: its plain address is canonical, whatever variant or other parameter the address carried, and
    /// its preview's price is the lowest of the variants on sale ("from"), as the listings show it.
    /// </summary>
    public PageSeo ForProduct(Product product)
    {
        var url = ProductUrl(product);
        return new PageSeo(url, PageSeo.Shorten(product.Description.Length > 0 ? product.Description : product.Name), Image(product.ImagePath), "product")
        {
            ProductProperties =
            [
                new("product:price:amount", prices.ToText(product.PriceRange().Lowest)),
                new("product:price:currency", prices.Currency),
            ],
        };
    }

    public string ProductUrl(Product product) => links.Absolute(ProductPath(product.Slug));

    public static string ProductPath(string slug) => "/products/" + Uri.EscapeDataString(slug);

    private string? Image(string? path) => string.IsNullOrEmpty(path) ? null : links.Absolute(path);
}
