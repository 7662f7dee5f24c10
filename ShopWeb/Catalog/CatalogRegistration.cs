using Microsoft.Extensions.Options;

namespace ShopWeb.Catalog;

internal static class CatalogRegistration
{
    public static WebApplicationBuilder AddShopCatalog(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SeedOptions>, SeedOptionsValidator>();
        builder.Services.AddSingleton<Prices>();
        builder.Services.AddScoped<CatalogSearch>();
        return builder;
    }
}
