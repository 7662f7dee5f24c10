using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ShopWeb.Identity;

/// <summary>Identity's tokens made safe for a URL, and back; a mangled link decodes to nothing rather than an error.</summary>
public static class TokenCodec
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 4096)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
