using System.IO.Compression;
using System.Net.Http.Headers;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// Pages are compressed for clients that accept it, and the output cache keeps one copy per encoding: a client is
/// never served an encoding it did not ask for because another client filled the cache (aspnetcore #45998).
/// </summary>
public sealed class CompressedPageTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Each_client_gets_the_encoding_it_accepts_from_the_cache_whoever_filled_it()
    {
        const string url = "/products?sort=name";
        var clients = new (string? AcceptEncoding, string? Expected)[]
        {
            ("br", "br"), ("gzip, deflate", "gzip"), (null, null), ("identity", null), ("gzip;q=0.5, br;q=0", "gzip"),
        };

        // The cache keeps a copy per encoding the shop chooses, not per spelling of Accept-Encoding: the first
        // client to get an encoding fills its copy, and every later one with the same outcome is served from it.
        var filled = new HashSet<string>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var (acceptEncoding, expected) in clients)
            {
                var response = await GetAsync(url, acceptEncoding);
                Assert.Equal(!filled.Add(expected ?? "identity"), response.Headers.Age is not null);
                Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
                if (expected is not null)
                {
                    Assert.Contains("Accept-Encoding", response.Headers.Vary); // so that no shared cache on the way mixes them up either
                }

                var html = await ReadAsync(response);
                Assert.Contains("<h1", html);
                Assert.Contains("class=\"product-tile\"", html);
            }
        }
    }

    [Fact]
    public async Task A_signed_in_page_is_compressed_too()
    {
        var (shopper, email) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var response = await shopper.Client.SendAsync(request);

        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.Contains(email, await ReadAsync(response));
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? acceptEncoding)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStreamAsync();
        Stream decoded = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            null => body,
            var other => throw new InvalidOperationException($"unexpected encoding {other}"),
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync();
    }
}
