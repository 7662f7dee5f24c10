namespace ShopWeb.Data;

/// <summary>
/// A key the app sign-in server signs or encrypts its tokens with, kept in the store so every instance, and every
/// restart, uses the same ones: a token one instance issued is good at the next. The private key is held encrypted
/// with the shop's data-protection keys, never in plain text.
/// </summary>
public sealed class AppKey
{
    /// <summary><see cref="SigningUse"/> or <see cref="EncryptionUse"/>.</summary>
    public required string Id { get; init; }

    public required string ProtectedKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public const string SigningUse = "signing";

    public const string EncryptionUse = "encryption";
}
