using Microsoft.Extensions.Options;
using ShopWeb.Payments.Stripe;
using ShopWeb.Payments.Test;

namespace ShopWeb.Payments;

internal static class PaymentsRegistration
{
    public static WebApplicationBuilder AddShopPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PaymentOptions>, PaymentOptionsValidator>();
        builder.Services.AddScoped<TestPaymentProvider>();
        builder.Services.AddShopStripe();
        builder.Services.AddScoped<TestEventDelivery>();

        // The provider behind "Card", chosen by Payments:Provider. With None no card is offered; the Test provider
        // still answers, so an order placed by card before a switch can still be looked at.
        builder.Services.AddScoped<IPaymentProvider>(services =>
            services.GetRequiredService<IOptions<PaymentOptions>>().Value.Provider switch
            {
                PaymentProviderKind.Stripe => services.GetRequiredService<StripePaymentProvider>(),
                _ => services.GetRequiredService<TestPaymentProvider>(),
            });
        builder.Services.AddScoped<PaymentSignals>();
        builder.Services.AddScoped<CardPayments>();
        builder.Services.AddScoped<OrderCancellation>();
        builder.Services.AddHostedService<PaymentReconciler>();
        builder.Services.AddScoped<Refunds>();
        return builder;
    }
}
