using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity.Apps;

/// <summary>A shop of its own: the test moves its clock on.</summary>
public sealed class AccessTokenLifetimeTests : IDisposable
{
    private readonly ShopFactory factory = new();

    [Fact]
    public async Task An_access_token_is_refused_after_15_minutes_and_a_refresh_gives_a_new_one()
    {
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, tokens.AccessToken)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, tokens.AccessToken)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await AppSignIn.MeAsync(factory, tokens.AccessToken)).StatusCode);

        var renewed = await AppSignIn.ReadTokensAsync(await AppSignIn.RefreshAsync(factory, tokens.RefreshToken!));
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, renewed.AccessToken)).StatusCode);
    }

    public void Dispose() => factory.Dispose();
}
