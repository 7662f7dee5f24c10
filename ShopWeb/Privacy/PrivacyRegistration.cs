namespace ShopWeb.Privacy;

internal static class PrivacyRegistration
{
    public static WebApplicationBuilder AddShopPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<SavedDetails>();
        builder.Services.AddScoped<MyDataExport>();
        builder.Services.AddScoped<AccountEraser>();
        return builder;
    }
}
