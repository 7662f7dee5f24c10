using Microsoft.Extensions.Options;

namespace ShopWeb.Email;

internal static class EmailRegistration
{
    public static WebApplicationBuilder AddShopEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddScoped<EmailOutbox>();
        builder.Services.AddHostedService<EmailDelivery>();
        return builder;
    }
}
