using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity.Apps;

/// <summary>An access token counts in the Authorization header alone: never in an address or a form body.</summary>
public sealed class AccessTokenTransportTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_valid_token_in_the_query_string_or_a_form_body_is_not_a_sign_in()
    {
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory);

        var inQuery = await app.GetAsync($"/api/v1/me?access_token={Uri.EscapeDataString(tokens.AccessToken)}");

        using var inForm = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = tokens.AccessToken }),
        };
        var formGet = await app.SendAsync(inForm);
        var formPost = await app.PostAsync("/api/v1/me/data-export",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = tokens.AccessToken }));

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, formGet.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, formPost.StatusCode);
        Assert.Equal("https://shopweb.example/problems/unauthorized", await ApiSteps.ProblemTypeAsync(inQuery, "GET", "/api/v1/me"));

        // The same token in the header is a sign-in.
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, tokens.AccessToken)).StatusCode);
    }
}
