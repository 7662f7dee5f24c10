using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using AppKeyRing = ShopWeb.Identity.Apps.AppKeyRing;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity.Apps;

/// <summary>A shop of its own: the test moves its clock on by months.</summary>
public sealed class AppKeyRotationTests : IDisposable
{
    private readonly ShopFactory factory = new();

    [Fact]
    public async Task After_the_rotation_period_new_keys_protect_new_tokens_and_the_old_ones_read_old_tokens_until_they_retire()
    {
        var (email, first) = await AppSignIn.NewShopperAsync(factory);
        var (oldSigning, oldEncryption) = KeysOf(first);
        Assert.Equal(2, (await StoredKeysAsync()).Count);

        // A day before the first keys' turn ends their successors are stored, for every instance to learn, but not yet used.
        factory.Clock.Advance(AppKeyRing.RotationPeriod - AppKeyRing.Lead);
        var dayBefore = await AppSignIn.TokensForAsync(factory, email);
        Assert.Equal(4, (await StoredKeysAsync()).Count);
        Assert.Equal((oldSigning, oldEncryption), KeysOf(dayBefore));

        factory.Clock.Advance(AppKeyRing.Lead - TimeSpan.FromMinutes(5));
        var justBefore = await AppSignIn.TokensForAsync(factory, email);
        Assert.Equal((oldSigning, oldEncryption), KeysOf(justBefore));

        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var after = await AppSignIn.TokensForAsync(factory, email);
        var (newSigning, newEncryption) = KeysOf(after);
        Assert.NotEqual(oldSigning, newSigning);
        Assert.NotEqual(oldEncryption, newEncryption);

        // Tokens the old keys protected ten minutes ago are still good, and a refresh gets tokens of the new keys.
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, justBefore.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, after.AccessToken)).StatusCode);
        var refreshed = await AppSignIn.ReadTokensAsync(await AppSignIn.RefreshAsync(factory, justBefore.RefreshToken!));
        Assert.Equal((newSigning, newEncryption), KeysOf(refreshed));

        // Once no token of the old keys can be alive any more, they retire from the store; the new keys go on.
        factory.Clock.Advance(AppKeyRing.KeptAfterReplaced);
        var later = await AppSignIn.TokensForAsync(factory, email);
        Assert.Equal((newSigning, newEncryption), KeysOf(later));
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, later.AccessToken)).StatusCode);
        var stored = await StoredKeysAsync();
        Assert.Equal(["encryption:" + newEncryption, "signing:" + newSigning], stored.Order());
    }

    /// <summary>The signing key's id (the id token is signed only) and the encryption key's (the access token is encrypted).</summary>
    private static (string Signing, string Encryption) KeysOf(AppTokens tokens) => (KeyId(tokens.IdToken!), KeyId(tokens.AccessToken));

    private static string KeyId(string token)
    {
        var header = JsonDocument.Parse(WebEncoders.Base64UrlDecode(token.Split('.')[0])).RootElement;
        return header.GetProperty("kid").GetString()!;
    }

    private Task<List<string>> StoredKeysAsync() => factory.WithDbAsync(db => db.AppKeys.Select(k => k.Id).ToListAsync());

    public void Dispose() => factory.Dispose();
}
