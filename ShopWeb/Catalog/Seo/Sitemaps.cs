using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog.Seo;

/// <summary>
/// The sitemaps (sitemaps.org protocol 0.9), written from the store straight to the response: <c>/sitemap.xml</c> is an
/// index naming <c>/sitemaps/pages.xml</c> (home, the listing, each category with products on sale) and
/// <c>/sitemaps/products-N.xml</c>, each with at most <see cref="SitemapOptions.ProductsPerFile"/> products on sale in
/// id order. Only published products are listed, as only they have a page. No lastmod: the store keeps no time of a
/// product's last change, and a wrong one is worse than none.
/// </summary>
public sealed class Sitemaps(ShopDbContext db, CatalogLookups lookups, PublicLinks links, IOptions<SitemapOptions> options)
{
    public const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public const string IndexPath = "/sitemap.xml";

    public const string PagesPath = "/sitemaps/pages.xml";

    public static string ProductsPath(int file) => $"/sitemaps/products-{file}.xml";

    private int PerFile => options.Value.ProductsPerFile;

    /// <summary>How many product files the index names: at least one, so the index never names a missing file.</summary>
    public async Task<int> ProductFilesAsync(CancellationToken cancellationToken) =>
        Math.Max(1, Paging.LastPage(await lookups.OnSaleCountAsync(db, null, cancellationToken), PerFile));

    public async Task WriteIndexAsync(Stream body, CancellationToken cancellationToken)
    {
        var files = await ProductFilesAsync(cancellationToken);
        await WriteAsync(body, "sitemapindex", "sitemap",
            Enumerable.Range(1, files).Select(ProductsPath).Prepend(PagesPath).ToAsyncEnumerable(), cancellationToken);
    }

    public async Task WritePagesAsync(Stream body, CancellationToken cancellationToken)
    {
        var paths = new List<string> { "/", CatalogQuery.From(null, null, null, null).Url() };
        foreach (var category in await lookups.CategoriesAsync(db, cancellationToken))
        {
            if (await lookups.OnSaleCountAsync(db, category.Id, cancellationToken) > 0)
            {
                paths.Add(CatalogQuery.From(null, category.Slug, null, null).Url());
            }
        }

        await WriteAsync(body, "urlset", "url", paths.ToAsyncEnumerable(), cancellationToken);
    }

    /// <summary>Writes product file <paramref name="file"/> (from 1); false, writing nothing, when the index names no such file.</summary>
    public async Task<bool> TryWriteProductsAsync(int file, Stream body, CancellationToken cancellationToken)
    {
        if (file < 1 || file > await ProductFilesAsync(cancellationToken))
        {
            return false;
        }

        var slugs = db.Products.AsNoTracking().Where(p => p.IsPublished).OrderBy(p => p.Id)
            .Skip((file - 1) * PerFile).Take(PerFile).Select(p => p.Slug).AsAsyncEnumerable();
        await WriteAsync(body, "urlset", "url", slugs.Select(SeoTags.ProductPath), cancellationToken);
        return true;
    }

    private async Task WriteAsync(Stream body, string root, string entry, IAsyncEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) };
        await using var xml = XmlWriter.Create(body, settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, root, Namespace);
        await foreach (var path in paths.WithCancellation(cancellationToken))
        {
            await xml.WriteStartElementAsync(null, entry, Namespace);
            await xml.WriteElementStringAsync(null, "loc", Namespace, links.Absolute(path));
            await xml.WriteEndElementAsync();
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }
}
