using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// Arranges catalog data of a test's own, with a marker word so its searches find only its products. Written past
/// the admin pages, so it tells the output cache itself, as they do.
/// </summary>
public static class CatalogSteps
{
    public static string Marker() => "zq" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A T-shirt of sizes and colours (<see cref="TeeShirts"/>) in a category of its own, on sale.</summary>
    public static async Task<Product> CreateTeeAsync(this ShopFactory factory)
    {
        var category = await factory.CreateCategoryAsync();
        var tee = TeeShirts.New(category.Id, Marker());
        await factory.WithDbAsync(async db =>
        {
            db.Products.Add(tee);
            return await db.SaveChangesAsync();
        });
        await factory.CatalogChangedAsync();
        return tee;
    }

    public static async Task<Category> CreateCategoryAsync(this ShopFactory factory, string? slug = null) =>
        await factory.WithDbAsync(async db =>
        {
            slug ??= Marker();
            var category = new Category { Name = "Test " + slug, Slug = slug, Description = "A category for one test." };
            db.Categories.Add(category);
            await db.SaveChangesAsync();
            await factory.CatalogChangedAsync();
            return category;
        });

    public static async Task<Product> CreateProductAsync(
        this ShopFactory factory, Category category, string name, long priceMinor = 1000, int stock = 10,
        string description = "", bool published = true, int daysOld = 1, int? featuredRank = null) =>
        await factory.WithDbAsync(async db =>
        {
            var product = new Product
            {
                Name = name,
                Slug = Marker(),
                Description = description,
                PriceMinor = priceMinor,
                CategoryId = category.Id,
                IsPublished = published,
                FeaturedRank = featuredRank,
                ImagePath = "/images/products/enamel-camping-mug.svg",
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-daysOld),
            };
            product.Variants.Add(new ProductVariant { Sku = Skus.Of(product.Slug), Stock = stock });
            product.RefreshSearchText();
            db.Products.Add(product);
            await db.SaveChangesAsync();
            await factory.CatalogChangedAsync();
            return product;
        });

    public static Task CatalogChangedAsync(this ShopFactory factory) => factory.Services.GetRequiredService<CatalogCache>().CatalogChangedAsync();

    /// <summary>The stock of all the product's variants together (of its only one, for a product without options).</summary>
    public static async Task<int> StockOfAsync(this ShopFactory factory, int productId) =>
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == productId).SumAsync(v => v.Stock));

    /// <summary>Adds through the product page's own form, as a shopper does.</summary>
    public static async Task<HtmlPage> AddToCartAsync(this ShopBrowser browser, Product product, int quantity = 1) =>
        await browser.TryAddToCartAsync(product.Slug, quantity) ?? throw new InvalidOperationException($"{product.Name} has no \"Add to cart\" form.");

    /// <returns>The page after adding, or <see langword="null"/> when the product page offers no form (sold out).</returns>
    public static async Task<HtmlPage?> TryAddToCartAsync(this ShopBrowser browser, string slug, int quantity = 1)
    {
        var page = await browser.GetAsync($"/products/{slug}");
        return page.Find("#add-to-cart") is null
            ? null
            : await browser.SubmitAsync(page, "#add-to-cart", new Dictionary<string, string> { ["quantity"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) }, button: "Add to cart");
    }

    /// <summary>
    /// How a script without a cookie jar adds to cart: it reads the product page once for an antiforgery token and
    /// the cookie paired with it, then sends both with every post (and never a cart cookie: each post is a new cart).
    /// </summary>
    /// <returns>A request that adds one of the variant given by its id.</returns>
    public static async Task<Func<int, HttpRequestMessage>> ScriptedAddToCartAsync(this HttpClient client, string slug)
    {
        var page = await HtmlPage.ReadAsync(await client.GetAsync($"/products/{slug}"));
        var token = page.Form("#add-to-cart").Elements.Single(e => e.GetAttribute("name") == "__RequestVerificationToken").GetAttribute("value")!;
        var cookie = page.Response.Headers.GetValues("Set-Cookie").Single(c => c.Contains("Antiforgery=", StringComparison.Ordinal)).Split(';')[0];
        return variantId =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/cart/add")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["variantId"] = $"{variantId}", ["__RequestVerificationToken"] = token }),
            };
            request.Headers.Add("Cookie", cookie);
            return request;
        };
    }

    public static IReadOnlyList<string> ProductNames(this HtmlPage page) =>
        page.Document.QuerySelectorAll(".product-tile .product-name").Select(e => e.TextContent.Trim()).ToList();
}
