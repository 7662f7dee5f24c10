using Microsoft.Extensions.Options;
using ShopWeb.Catalog.Seo;

namespace ShopWeb.Catalog;

internal static class CatalogRegistration
{
    public static WebApplicationBuilder AddShopCatalog(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SeedOptions>, SeedOptionsValidator>();
        builder.Services.AddOptions<PageCacheOptions>().BindConfiguration(PageCacheOptions.Section);
        builder.Services.AddSingleton<Prices>();
        builder.Services.AddScoped<CatalogSearch>();
        builder.Services.AddShopSeo(); // robots.txt, sitemaps and the pages' head tags (Catalog/Seo)
        builder.Services.AddScoped<Csv.CatalogCsvExport>();
        builder.Services.AddScoped<Csv.CatalogCsvImport>();
        builder.Services.AddSingleton<Csv.CatalogCsvReader>();
        builder.Services.AddScoped<Variants.VariantGrid>();

        // The store is the framework's IOutputCacheStore (in memory here), so a shared one can replace it.
        builder.Services.AddSingleton<CatalogCache>();
        builder.Services.AddSingleton<CatalogLookups>();
        builder.Services.AddSingleton<CatalogFragments>();
        builder.Services.AddSingleton<AnonymousPagePolicy>();
        builder.Services.AddOutputCache(options =>
        {
            options.AddPolicy(CatalogCache.PagePolicy, AnonymousPagePolicy.In(options));
            options.AddPolicy(CatalogCache.ProductPagePolicy, AnonymousPagePolicy.In(options, context => ("variant", Variants.VariantChoice.CacheKey(context.Request.Query))));

            // Equivalent catalog URLs (case, spaces, defaults, unknown parameters) share the entry of their canonical URL.
            options.AddPolicy(CatalogCache.ListingPolicy, AnonymousPagePolicy.In(options, context => ("catalog", CatalogQuery.From(context.Request.Query).Url())));
        });
        return builder;
    }
}
