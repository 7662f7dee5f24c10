namespace ShopWeb.Ordering;

internal static class OrderingRegistration
{
    public static WebApplicationBuilder AddShopOrdering(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ShoppingCart>();
        builder.Services.AddScoped<PlaceOrder>();
        builder.Services.AddScoped<OrderAccess>();
        builder.Services.AddScoped<OrderEmails>();
        builder.Services.AddScoped<OrderStatusMoves>();
        return builder;
    }
}
