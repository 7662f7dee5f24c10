using System.Xml;
using System.Xml.Linq;
using ShopWeb.Catalog.Seo;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog.Seo;

/// <summary>
/// Reads the shop's sitemaps as a crawler does, from /sitemap.xml through every file it names, checking each against
/// the sitemaps.org protocol: XML in its namespace, the right root and entries, one absolute loc each under the shop's
/// public URL, at most 50,000 addresses and 50 MB a file.
/// </summary>
internal static class SitemapReader
{
    private static readonly XNamespace Namespace = Sitemaps.Namespace;

    /// <summary>The files the index names, and every address of those files in order (repeats kept, to be counted).</summary>
    public static async Task<(IReadOnlyList<string> Files, IReadOnlyList<string> Addresses)> ReadAllAsync(HttpClient client)
    {
        var files = await ReadAsync(client, "/sitemap.xml", "sitemapindex", "sitemap");
        var addresses = new List<string>();
        foreach (var file in files)
        {
            addresses.AddRange(await ReadAsync(client, file, "urlset", "url"));
        }

        return (files, addresses);
    }

    public static async Task<IReadOnlyList<string>> ReadAsync(HttpClient client, string url, string root, string entry)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length <= 50 * 1024 * 1024, $"{url} is {bytes.Length} bytes");

        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var document = XDocument.Load(reader);
        Assert.Equal(Namespace + root, document.Root!.Name);
        var entries = document.Root.Elements().ToList();
        Assert.True(entries.Count <= SitemapOptions.MaxAddressesPerFile, $"{url} has {entries.Count} entries");
        return entries.Select(e =>
        {
            Assert.Equal(Namespace + entry, e.Name);
            var loc = Assert.Single(e.Elements()); // lastmod is left out: the store keeps no time of a product's last change
            Assert.Equal(Namespace + "loc", loc.Name);
            Assert.True(Uri.TryCreate(loc.Value, UriKind.Absolute, out var address) && address.AbsoluteUri == loc.Value, loc.Value);
            Assert.StartsWith(ShopFactory.PublicUrl, loc.Value);
            Assert.True(loc.Value.Length < 2048, loc.Value);
            return loc.Value;
        }).ToList();
    }

    /// <summary>The path and query of an address, for comparing with what the shop's own links say.</summary>
    public static string PathOf(string address) => new Uri(address).PathAndQuery;
}
