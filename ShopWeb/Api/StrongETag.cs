using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ShopWeb.Api;

/// <summary>
/// A strong ETag for a JSON answer: a hash of the exact bytes sent, and of the encoding the compression middleware
/// will use (br, gzip or none), since each is a representation of its own. A matching If-None-Match is a 304. The
/// output cache keeps the tag with the answer and answers If-None-Match itself on a hit.
/// </summary>
internal static class StrongETag
{
    /// <summary>Tags the answer; true when the client already has it (then answer 304).</summary>
    public static bool NotModified<T>(HttpContext context, T value)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, options);
        var encoding = context.RequestServices.GetRequiredService<IResponseCompressionProvider>().GetCompressionProvider(context)?.EncodingName;
        var tag = new EntityTagHeaderValue($"\"{WebEncoders.Base64UrlEncode(SHA256.HashData(body).AsSpan(0, 18))}{(encoding is null ? "" : "-" + encoding)}\"");
        context.Response.Headers.ETag = tag.ToString();
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        return ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(tag, useStrongComparison: false));
    }
}
