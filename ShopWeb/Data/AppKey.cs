namespace ShopWeb.Data;

/// <summary>
/// A key the app sign-in server signs or encrypts its tokens with, kept in the store so every instance, and every
/// restart, uses the same ones: a token one instance issued is good at the next. The private key is held encrypted
/// with the shop's data-protection keys, never in plain text. Keys rotate (<see cref="Identity.Apps.AppKeyRing"/>): a
/// use has several, the newest taking its turn a day after it was made.
/// </summary>
public sealed class AppKey
{
    /// <summary>The use and the key id, <c>signing:…</c> or <c>encryption:…</c> (a key of the first start: the use alone).</summary>
    public required string Id { get; init; }

    public required string ProtectedKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public const string SigningUse = "signing";

    public const string EncryptionUse = "encryption";

    public static readonly string[] Uses = [SigningUse, EncryptionUse];

    public static string UseOf(string id) => id.Split(':')[0];
}
