using System.Globalization;
using Microsoft.Extensions.Options;

namespace ShopWeb.Configuration;

internal sealed class ShopOptionsValidator(IHostEnvironment environment) : IValidateOptions<ShopOptions>
{
    // Every currency some culture on this machine uses: the ISO 4217 codes .NET can format.
    private static readonly HashSet<string> KnownCurrencies = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => new RegionInfo(c.Name).ISOCurrencySymbol)
        .ToHashSet(StringComparer.Ordinal);

    public ValidateOptionsResult Validate(string? name, ShopOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.Length > 100)
        {
            failures.Add("Shop:Name must be between 1 and 100 characters.");
        }

        if (!KnownCurrencies.Contains(options.Currency))
        {
            failures.Add($"Shop:Currency '{options.Currency}' is not an ISO 4217 currency code; use one such as EUR, USD or GBP.");
        }

        if (options.TaxRatePercent is < 0 or > 100)
        {
            failures.Add($"Shop:TaxRatePercent {options.TaxRatePercent} must be between 0 and 100.");
        }

        // Sent in every response's X-Instance header, which takes visible ASCII only: anything else would fail every response.
        if (options.InstanceName is { Length: > 0 } instance && (instance.Length > 64 || instance.Any(c => c is < ' ' or > '~')))
        {
            failures.Add($"Shop:InstanceName must be at most 64 ASCII letters, digits, spaces or punctuation (it is sent in the X-Instance header), not '{instance}'.");
        }

        if (options.PublicUrl is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                failures.Add($"Shop:PublicUrl '{url}' is not an absolute http or https URL such as https://shop.example/.");
            }
        }
        else if (!environment.IsDevelopment())
        {
            failures.Add("Shop:PublicUrl must be set outside Development: the shop's public base URL, such as https://shop.example/, from which every link in emails is built.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
