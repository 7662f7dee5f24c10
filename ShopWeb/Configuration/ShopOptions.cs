namespace ShopWeb.Configuration;

/// <summary>The <c>Shop</c> section: what the shop is called and the currency it shows prices in.</summary>
public sealed class ShopOptions
{
    public const string Section = "Shop";

    public string Name { get; set; } = "ShopWeb";

    /// <summary>An ISO 4217 code such as EUR.</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>Tax added at checkout, in percent of the goods; 0 (the default) shows no tax line.</summary>
    public decimal TaxRatePercent { get; set; }

    /// <summary>
    /// The shop's public base URL, such as https://shop.example/: the only source of absolute links (emails,
    /// redirects), so no request header can point one elsewhere. Required outside Development.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>The name in every response's X-Instance header; unset, no such header (never the machine's name).</summary>
    public string? InstanceName { get; set; }
}
