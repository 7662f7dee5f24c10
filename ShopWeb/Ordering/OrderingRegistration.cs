using Microsoft.Extensions.Options;

namespace ShopWeb.Ordering;

internal static class OrderingRegistration
{
    public static WebApplicationBuilder AddShopOrdering(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShippingOptions>().BindConfiguration(ShippingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ShippingOptions>, ShippingOptionsValidator>();
        builder.Services.AddOptions<CartOptions>().BindConfiguration(CartOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CartOptions>, CartOptionsValidator>();
        builder.Services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OrderOptions>, OrderOptionsValidator>();
        builder.Services.AddSingleton<GuestCartLimit>();
        builder.Services.AddHostedService<GuestCartExpiry>();
        builder.Services.AddHostedService<UnpaidOrderExpiry>();
        builder.Services.AddSingleton<ShippingFees>();
        builder.Services.AddScoped<ShoppingCart>();
        builder.Services.AddScoped<PlaceOrder>();
        builder.Services.AddScoped<CheckoutDetails>();
        builder.Services.AddScoped<OrderAccess>();
        builder.Services.AddScoped<OrderEmails>();
        builder.Services.AddScoped<OrderStatusMoves>();
        return builder;
    }
}
