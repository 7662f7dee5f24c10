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
        var tag = Tag(context, value);
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        return ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(tag, useStrongComparison: false));
    }

    /// <summary>Tags the answer with the ETag of <paramref name="value"/>, as <see cref="NotModified"/> does, and returns it.</summary>
    public static EntityTagHeaderValue Tag<T>(HttpContext context, T value)
    {
        var encoding = context.RequestServices.GetRequiredService<IResponseCompressionProvider>().GetCompressionProvider(context)?.EncodingName;
        var tag = new EntityTagHeaderValue($"\"{Hash(context, value)}{(encoding is null ? "" : "-" + encoding)}\"");
        context.Response.Headers.ETag = tag.ToString();
        return tag;
    }

    /// <summary>
    /// Whether the request's If-Match names the current <paramref name="value"/>: null when it has no If-Match.
    /// A tag of any of its encodings matches, since all of them are the same resource as it is now.
    /// </summary>
    public static bool? IfMatch<T>(HttpContext context, T value)
    {
        var ifMatch = context.Request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }

        var hash = Hash(context, value);
        return ifMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any)
            || (!candidate.IsWeak && candidate.Tag.Value is { } quoted && (quoted == $"\"{hash}\"" || quoted.StartsWith($"\"{hash}-", StringComparison.Ordinal))));
    }

    private static string Hash<T>(HttpContext context, T value)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return WebEncoders.Base64UrlEncode(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, options)).AsSpan(0, 18));
    }
}
