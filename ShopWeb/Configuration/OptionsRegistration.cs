using Microsoft.Extensions.Options;

namespace ShopWeb.Configuration;

internal static class OptionsRegistration
{
    /// <summary>Binds every section the shop reads; <see cref="StartupReport"/> validates them before anything runs.</summary>
    public static WebApplicationBuilder AddShopOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShopOptions>().BindConfiguration(ShopOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration[DatabaseOptions.ConnectionStringKey] ?? options.ConnectionString)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ShopOptions>, ShopOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        return builder;
    }
}
