using Microsoft.Extensions.Options;

namespace ShopWeb.Catalog.Seo;

internal static class SeoRegistration
{
    public static IServiceCollection AddShopSeo(this IServiceCollection services)
    {
        services.AddOptions<SitemapOptions>().BindConfiguration(SitemapOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SitemapOptions>, SitemapOptionsValidator>();
        services.AddSingleton<ProductJsonLd>();
        services.AddSingleton<SeoTags>();
        services.AddScoped<Sitemaps>();
        return services;
    }
}
