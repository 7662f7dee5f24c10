using Microsoft.Extensions.Options;
using Stripe;

namespace ShopWeb.Payments.Stripe;

internal static class StripeRegistration
{
    public const string HttpClientName = "Stripe";

    /// <summary>
    /// Stripe.net's client over an <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/> (pooled handlers,
    /// and visible to the HTTP instrumentation), at <c>Payments:Stripe:ApiBase</c> when set (a stub, in tests).
    /// Resolved only under <c>Payments:Provider=Stripe</c>, whose settings were checked at start.
    /// </summary>
    public static IServiceCollection AddShopStripe(this IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, http => http.Timeout = SystemNetHttpClient.DefaultHttpTimeout);
        services.AddScoped<IStripeClient>(provider =>
        {
            var stripe = provider.GetRequiredService<IOptions<PaymentOptions>>().Value.Stripe;
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new StripeClient(new StripeClientOptions
            {
                ApiKey = stripe.SecretKey,
                ApiBase = string.IsNullOrEmpty(stripe.ApiBase) ? null : stripe.ApiBase.TrimEnd('/'),
                HttpClient = new SystemNetHttpClient(http, appInfo: new AppInfo { Name = "ShopWeb" }),
            });
        });
        services.AddScoped<StripePaymentProvider>();
        return services;
    }
}
