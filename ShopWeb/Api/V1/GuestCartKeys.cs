using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using ShopWeb.Ordering;

namespace ShopWeb.Api.V1;

/// <summary>
/// An app's guest cart is a guest cart like the browser's (a <see cref="Data.Cart"/> with a guest key, the same
/// <see cref="ShoppingCart"/> rules), named by a random id and a random secret. The store keeps only a hash of the two
/// as the cart's guest key: neither can be read back from it, a wrong secret finds no cart (a 404, as for another
/// shopper's), and the key can never be presented as a browser's cart cookie (another length, and a ':').
/// </summary>
public static class GuestCartKeys
{
    public const string SecretHeader = "Cart-Secret";
    private const int IdLength = 22; // 16 random bytes, base64url
    private const int SecretLength = 43; // 32 random bytes, base64url

    public static (string Id, string Secret) New() =>
        (WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)), WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The cart's owner for these credentials, or null when they cannot name any cart.</summary>
    public static CartOwner? OwnerOf(string? id, string? secret) =>
        id is { Length: IdLength } && secret is { Length: SecretLength } && IsBase64Url(id) && IsBase64Url(secret)
            ? new CartOwner(null, "api:" + WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(id + ":" + secret))))
            : null;

    private static bool IsBase64Url(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
