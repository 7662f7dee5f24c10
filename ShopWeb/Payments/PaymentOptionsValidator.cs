using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Payments.Stripe;

namespace ShopWeb.Payments;

internal sealed class PaymentOptionsValidator(IHostEnvironment environment, IOptions<ShopOptions> shop) : IValidateOptions<PaymentOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentOptions options)
    {
        var failures = new List<string>();
        const string section = PaymentOptions.Section;
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"{section}:Provider must be None, Test or Stripe.");
        }

        if (options.HoldMinutes is < 30 or > 1440)
        {
            failures.Add($"{section}:HoldMinutes {options.HoldMinutes} must be from 30 to 1440 (the life of a hosted checkout session).");
        }

        if (options.Offered.Count == 0)
        {
            failures.Add($"{section}: no way to pay is offered; switch on PayOnDelivery, BankTransfer with a BankTransferTo, or Card with a Provider.");
        }

        if (options.Provider == PaymentProviderKind.Test && !environment.IsDevelopment() && !options.AllowTestProvider)
        {
            failures.Add($"{section}:Provider Test lets anyone pay without money; outside Development set {section}:AllowTestProvider=true to use it.");
        }

        if (options.Provider == PaymentProviderKind.Test && string.IsNullOrWhiteSpace(options.Test.WebhookSecret))
        {
            failures.Add($"{section}:Test:WebhookSecret must not be empty.");
        }

        if (options.Provider == PaymentProviderKind.Stripe)
        {
            if (string.IsNullOrWhiteSpace(options.Stripe.SecretKey))
            {
                failures.Add($"{section}:Stripe:SecretKey is required for Provider Stripe (sk_live_… or sk_test_…).");
            }
            else if (!options.Stripe.SecretKey.StartsWith("sk_", StringComparison.Ordinal) && !options.Stripe.SecretKey.StartsWith("rk_", StringComparison.Ordinal))
            {
                // A publishable key (pk_…) is the one most often pasted here by mistake; it cannot make a payment.
                failures.Add($"{section}:Stripe:SecretKey is not a secret key: use sk_live_…, sk_test_… or a restricted rk_… key, never the publishable pk_… one.");
            }

            if (string.IsNullOrWhiteSpace(options.Stripe.WebhookSecret))
            {
                failures.Add($"{section}:Stripe:WebhookSecret is required for Provider Stripe (whsec_…, shown when the webhook endpoint is added).");
            }
            else if (!options.Stripe.WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
            {
                // Anything else would refuse every event's signature, so no payment would ever be applied from a webhook.
                failures.Add($"{section}:Stripe:WebhookSecret is not a webhook signing secret: use the whsec_… shown when the webhook endpoint is added.");
            }

            if (options.Stripe.ApiBase is { Length: > 0 } apiBase
                && (!Uri.TryCreate(apiBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                failures.Add($"{section}:Stripe:ApiBase '{apiBase}' is not an absolute http or https URL.");
            }

            // Else an order whose total has cents (the default shipping fee has) could never be paid, nor a refund with cents made.
            if (!StripeAmounts.TakesEveryAmount(shop.Value.Currency))
            {
                failures.Add($"{section}:Provider Stripe takes {shop.Value.Currency} in whole units only, but the shop prices it with decimals: choose another Shop:Currency or another way to pay.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
