using System.Globalization;
using Microsoft.Extensions.Options;

namespace ShopWeb.Catalog.Seo;

/// <summary>The <c>Sitemap</c> section.</summary>
public sealed class SitemapOptions
{
    public const string Section = "Sitemap";

    /// <summary>The sitemaps protocol's limit on the addresses of one file.</summary>
    public const int MaxAddressesPerFile = 50_000;

    /// <summary>Products per sitemap file; fewer than the protocol's limit only to see the paging with a small catalog.</summary>
    public int ProductsPerFile { get; set; } = MaxAddressesPerFile;
}

internal sealed class SitemapOptionsValidator : IValidateOptions<SitemapOptions>
{
    public ValidateOptionsResult Validate(string? name, SitemapOptions options) =>
        options.ProductsPerFile is >= 1 and <= SitemapOptions.MaxAddressesPerFile
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{SitemapOptions.Section}:{nameof(options.ProductsPerFile)} {options.ProductsPerFile} must be a whole number from 1 to {SitemapOptions.MaxAddressesPerFile}."));
}
