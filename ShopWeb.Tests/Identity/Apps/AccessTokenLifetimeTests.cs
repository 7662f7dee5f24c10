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

    [Fact]
    public async Task A_chain_of_refreshes_ends_30_days_after_the_shoppers_sign_in()
    {
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        var refreshToken = tokens.RefreshToken!;

        // Each refresh within the refresh token's 14 days gives a new one, up to the sign-in's 30th day.
        foreach (var days in new[] { 10, 10, 9 })
        {
            factory.Clock.Advance(TimeSpan.FromDays(days));
            refreshToken = (await AppSignIn.ReadTokensAsync(await AppSignIn.RefreshAsync(factory, refreshToken))).RefreshToken!;
        }

        factory.Clock.Advance(TimeSpan.FromDays(1.5));
        var refused = await AppSignIn.RefreshAsync(factory, refreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("invalid_grant", await refused.Content.ReadAsStringAsync());
    }

    public void Dispose() => factory.Dispose();
}
