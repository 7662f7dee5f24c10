using System.Net;
using System.Net.Http.Headers;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

public sealed class MeEndpointsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_profile_is_the_one_the_profile_page_saved()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        await browser.SaveProfileAsync(saveContact: true, saveAddresses: false, fullName: "Zoë Martin", phone: "+33 6 12 34 56 78");
        var tokens = await AppSignIn.TokensForAsync(factory, email);

        var me = await AppSignIn.MeAsync(factory, tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.True(me.Headers.CacheControl?.NoStore);
        var profile = await OpenApiContract.AssertMatchesAsync(me, "GET", "/api/v1/me");
        Assert.Equal(email, profile.GetProperty("email").GetString());
        Assert.Equal("Zoë Martin", profile.GetProperty("fullName").GetString());
        Assert.Equal("+33 6 12 34 56 78", profile.GetProperty("phone").GetString());
        Assert.True(profile.GetProperty("choices").GetProperty("contactDetails").GetBoolean());
        Assert.False(profile.GetProperty("choices").GetProperty("shippingAddresses").GetBoolean());
    }

    [Fact]
    public async Task The_browsers_cookie_is_a_401_problem_never_the_sign_in_page()
    {
        var (browser, _) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/account/profile")).StatusCode);

        var me = await browser.Client.GetAsync("/api/v1/me");

        await AssertUnauthorizedProblemAsync(me);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task No_token_or_a_forged_one_is_a_401_problem(string? token)
    {
        using var client = AppSignIn.AppClient(factory);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        await AssertUnauthorizedProblemAsync(await client.GetAsync("/api/v1/me"));
    }

    private static async Task AssertUnauthorizedProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("https://shopweb.example/problems/unauthorized", await ApiSteps.ProblemTypeAsync(response, "GET", "/api/v1/me"));
    }
}
