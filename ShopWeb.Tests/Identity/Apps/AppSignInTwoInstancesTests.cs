using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity.Apps;

/// <summary>
/// Two instances on one store: the signing keys, the apps and the sign-ins live in the store, so a token from one
/// instance is good at the other, and a sign-out at one is honoured by the other at its next request.
/// </summary>
public sealed class AppSignInTwoInstancesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-apps-two-instances-").FullName;
    private readonly ShopFactory a;
    private readonly ShopFactory b;

    public AppSignInTwoInstancesTests()
    {
        a = new ShopFactory(settings: null, folder);
        _ = a.Server; // the first one migrates the shared store
        b = new ShopFactory(settings: null, folder);
    }

    [Fact]
    public async Task Tokens_from_one_instance_work_at_the_other_and_a_sign_out_at_either_ends_them_at_both()
    {
        var (_, fromA) = await AppSignIn.NewShopperAsync(a);

        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(b, fromA.AccessToken)).StatusCode);
        var fromB = await AppSignIn.ReadTokensAsync(await AppSignIn.RefreshAsync(b, fromA.RefreshToken!));
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(a, fromB.AccessToken)).StatusCode);

        using var app = AppSignIn.AppClient(b);
        var revoked = await app.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = AppSignIn.ClientId,
            ["token"] = fromB.RefreshToken!,
        }));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AppSignIn.MeAsync(a, fromB.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AppSignIn.RefreshAsync(a, fromB.RefreshToken!)).StatusCode);
    }

    public void Dispose()
    {
        b.Dispose();
        a.Dispose();
        TestStore.Delete(folder);
    }
}
