using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Api.V1;

/// <summary>
/// The catalog, for anyone: the same search and lookups as the catalog pages, cached like them (and evicted with
/// them when the catalog or stock changes), each answer with a strong ETag. Its values come from the path and the
/// query only, which the cache key is made of.
/// </summary>
public static class CatalogEndpoints
{
    /// <summary>The categories and a product: their path names them.</summary>
    public const string CachePolicy = "ApiCatalog";

    /// <summary>The product list: one entry per normalised query.</summary>
    public const string ListCachePolicy = "ApiProductList";

    public static RouteGroupBuilder MapCatalog(this RouteGroupBuilder api)
    {
        var categories = api.MapGroup("/categories").WithTags("Catalog");
        categories.MapGet("/", ListCategoriesAsync).WithName("ListCategories").WithSummary("The categories, in shop order")
            .CacheOutput(CachePolicy).Produces(StatusCodes.Status304NotModified);

        var products = api.MapGroup("/products").WithTags("Catalog");
        products.MapGet("/", ListProductsAsync).WithName("ListProducts").WithSummary("Search, filter, sort and page the products on sale")
            .WithDescription($"A search looks for at most {CatalogQuery.MaxWords} different words of q, each of at least {CatalogQuery.MinWordLength} characters, "
                + "as the catalog page does: searchWords lists the words looked for, and searchTrimmed says whether any were left out.")
            .CacheOutput(ListCachePolicy).Produces(StatusCodes.Status304NotModified).ProducesValidationProblem()
            .AddOpenApiOperationTransformer(OpenApi.QueryParameters.Describe(new()
            {
                ["q"] = ("string", $"Words each product's name or description must have a word beginning with (the first {CatalogQuery.MaxWords} of at least {CatalogQuery.MinWordLength} characters).", null, null),
                ["category"] = ("string", "A category's slug.", null, null),
                ["sort"] = ("string", "featured (the default), price-asc, price-desc, newest or name. The price sorts go by each product's price: the lowest of its variants on sale.", null, null),
                ["page"] = ("integer", "From 1 (the default).", 1, null),
                ["pageSize"] = ("integer", $"1 to {CatalogQuery.MaxPageSize}; {CatalogQuery.DefaultPageSize} by default.", 1, CatalogQuery.MaxPageSize),
            }));
        products.MapGet("/{slug}", GetProductAsync).WithName("GetProduct").WithSummary("One product on sale, by its slug, with its options and variants")
            .CacheOutput(CachePolicy).Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<CategoryResponse>>, StatusCodeHttpResult>> ListCategoriesAsync(
        HttpContext context, CatalogLookups lookups, ShopDbContext db, CancellationToken cancellationToken)
    {
        var list = new List<CategoryResponse>();
        foreach (var category in await lookups.CategoriesAsync(db, cancellationToken))
        {
            list.Add(new CategoryResponse(category.Slug, category.Name, category.Description, await lookups.OnSaleCountAsync(db, category.Id, cancellationToken)));
        }

        return StrongETag.NotModified(context, list) ? NotModified() : TypedResults.Ok<IReadOnlyList<CategoryResponse>>(list);
    }

    private static async Task<Results<Ok<ProductPage>, StatusCodeHttpResult, ValidationProblem>> ListProductsAsync(
        HttpContext context, CatalogSearch catalog, Prices prices, [FromQuery] string? q, [FromQuery] string? category, [FromQuery] string? sort,
        [FromQuery] string? page, [FromQuery] string? pageSize, CancellationToken cancellationToken)
    {
        var (query, errors) = ProductListQuery.Parse(q, category, sort, page, pageSize);
        if (query is null)
        {
            return ApiProblems.ValidationProblem(errors);
        }

        var result = await catalog.RunAsync(query, cancellationToken);
        if (result.UnknownCategory)
        {
            return ApiProblems.ValidationProblem("category", "No category has this slug: GET /api/v1/categories lists them.");
        }

        // The page clamps a page past the end to the last one; an app paging on gets an empty page instead.
        var pastTheEnd = query.Page > result.LastPage;
        var items = pastTheEnd ? [] : result.Products.Select(p => Summary(p, prices.Currency)).ToList();
        CatalogCache.Shows(context, result.Products.Select(p => p.Id));
        var body = new ProductPage(items, query.Page, query.PageSize, result.Total, result.LastPage, query.Words, query.Trimmed, result.MoreThanTotal);
        return StrongETag.NotModified(context, body) ? NotModified() : TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<ProductResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetProductAsync(
        HttpContext context, ShopDbContext db, Prices prices, [FromRoute] string slug)
    {
        var product = await CatalogQueries.PublishedBySlug(db, slug.ToLowerInvariant());
        if (product is null)
        {
            return ApiProblems.NotFoundProblem("No product on sale has this slug.");
        }

        CatalogCache.Shows(context, [product.Id]);
        var body = ProductResponse.From(product, prices.Currency);
        return StrongETag.NotModified(context, body) ? NotModified() : TypedResults.Ok(body);
    }

    private static StatusCodeHttpResult NotModified() => TypedResults.StatusCode(StatusCodes.Status304NotModified);

    private static ProductSummary Summary(ProductTile tile, string currency) =>
        new(tile.Slug, tile.Name, Money.Of(tile.PriceMinor, currency), Money.Of(tile.MaxPriceMinor, currency), Availability.Of(tile.Stock), tile.ImagePath);
}
