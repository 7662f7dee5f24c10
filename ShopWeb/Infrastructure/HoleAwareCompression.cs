using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Chooses each response's encoding as the framework does (br, then gzip, by what the client accepts), but a page
/// with an antiforgery hole gets <see cref="SpliceableGzip"/> or none: the hole could not be filled inside br. The
/// choice is made at the response's first write, when the page has marked itself.
/// </summary>
internal sealed class HoleAwareCompression : IResponseCompressionProvider
{
    private readonly ResponseCompressionProvider usual;
    private readonly ResponseCompressionProvider spliceable;

    public HoleAwareCompression(IServiceProvider services, IOptions<ResponseCompressionOptions> options, AntiforgeryHole hole)
    {
        usual = new ResponseCompressionProvider(services, options);
        var gzipOnly = new ResponseCompressionOptions
        {
            EnableForHttps = options.Value.EnableForHttps,
            MimeTypes = options.Value.MimeTypes,
            ExcludedMimeTypes = options.Value.ExcludedMimeTypes,
        };
        gzipOnly.Providers.Add(new SpliceableGzip(hole));
        spliceable = new ResponseCompressionProvider(services, Options.Create(gzipOnly));
    }

    /// <summary>What the page cache varies by: the encodings this client would get for a page without a hole and
    /// for one with, so every client served from an entry accepts its encoding.</summary>
    public string EncodingKey(HttpContext context) =>
        $"{usual.GetCompressionProvider(context)?.EncodingName ?? "identity"}+{spliceable.GetCompressionProvider(context)?.EncodingName ?? "identity"}";

    public ICompressionProvider? GetCompressionProvider(HttpContext context) =>
        (context.Response.Headers.ContainsKey(AntiforgeryHole.MarkHeader) ? spliceable : usual).GetCompressionProvider(context);

    public bool ShouldCompressResponse(HttpContext context) => usual.ShouldCompressResponse(context);

    public bool CheckRequestAcceptsCompression(HttpContext context) => usual.CheckRequestAcceptsCompression(context);
}
