using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity.Apps;

/// <summary>What the sign-in server refuses, and how: to the app when its address is known, never to an unknown one.</summary>
public sealed class AppSignInRefusalsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Theory]
    [InlineData("plain")]
    [InlineData("S1")]
    [InlineData(null)]
    public async Task Only_an_S256_code_challenge_gets_a_code(string? method)
    {
        var (browser, _) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;
        var pkce = Pkce.New();

        var refused = await browser.Client.GetAsync(Without(AppSignIn.AuthorizeUrl(pkce, method: method ?? "S256"), method is null ? "code_challenge" : null));
        var granted = await browser.Client.GetAsync(AppSignIn.AuthorizeUrl(pkce));

        // Refused on the shop's own page: the redirect address is not checked yet at that point, so nothing goes to it.
        AssertRefusedHere(refused);
        Assert.StartsWith(AppSignIn.RedirectUri + "?code=", granted.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scope_the_shop_does_not_know_is_refused()
    {
        var (browser, _) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;

        AssertRefusedHere(await browser.Client.GetAsync(AppSignIn.AuthorizeUrl(Pkce.New(), scope: "openid admin")));
    }

    [Fact]
    public async Task A_form_post_answer_is_refused_as_its_self_submitting_page_could_not_run_under_the_shops_CSP()
    {
        var (browser, _) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;

        var response = await browser.Client.GetAsync(AppSignIn.AuthorizeUrl(Pkce.New()) + "&response_mode=form_post");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode); // it was OpenIddict's page with an inline script, stopped by the CSP
        Assert.DoesNotContain("code=", response.Headers.Location?.Query ?? "");
    }

    [Fact]
    public async Task A_parameter_given_twice_is_refused_so_a_second_scope_cannot_slip_past_the_check()
    {
        var (browser, _) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;

        AssertRefusedHere(await browser.Client.GetAsync(AppSignIn.AuthorizeUrl(Pkce.New()) + "&scope=admin"));
    }

    [Theory]
    [InlineData("com.shopweb.test:/signed-in/elsewhere")]
    [InlineData("com.shopweb.test:/Signed-In")]
    [InlineData("https://attacker.example/callback")]
    public async Task A_redirect_address_not_registered_exactly_is_refused_on_the_shops_own_page(string redirectUri)
    {
        var (browser, _) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;

        var response = await NoRedirectsAsync(browser, AppSignIn.AuthorizeUrl(Pkce.New(), redirectUri: redirectUri));

        AssertRefusedHere(response);
        Assert.DoesNotContain(redirectUri, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_app_is_refused_without_a_redirect()
    {
        var (browser, _) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;

        AssertRefusedHere(await NoRedirectsAsync(browser, AppSignIn.AuthorizeUrl(Pkce.New(), clientId: "someone-else")));
    }

    [Fact]
    public async Task There_is_no_password_grant()
    {
        var email = await factory.CreateAccountAsync();

        var response = await AppSignIn.TokenRequestAsync(factory, new()
        {
            ["grant_type"] = "password",
            ["username"] = email,
            ["password"] = AccountSteps.Password,
            ["scope"] = "openid offline_access",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", await ErrorAsync(response));
        Assert.DoesNotContain("access_token", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task There_is_no_client_credentials_grant()
    {
        var response = await AppSignIn.TokenRequestAsync(factory, new() { ["grant_type"] = "client_credentials" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", await ErrorAsync(response));
    }

    [Fact]
    public async Task A_code_is_good_once_and_only_for_the_address_it_was_sent_to()
    {
        var (browser, _) = await AppSignIn.SignedInBrowserAsync(factory);
        using var _ = browser;
        var pkce = Pkce.New();
        var code = AppSignIn.CodeFrom((Uri)await AppSignIn.FollowAsync(browser, AppSignIn.AuthorizeUrl(pkce)));

        var elsewhere = await AppSignIn.RedeemAsync(factory, code, pkce.Verifier, redirectUri: "com.shopweb.test:/other");
        Assert.Equal("invalid_grant", await ErrorAsync(elsewhere));
        var tokens = await AppSignIn.ReadTokensAsync(await AppSignIn.RedeemAsync(factory, code, pkce.Verifier));
        var again = await AppSignIn.RedeemAsync(factory, code, pkce.Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_grant", await ErrorAsync(again));

        // A code presented twice was intercepted: the tokens it gave are revoked too (RFC 6749 4.1.2).
        Assert.Equal(HttpStatusCode.Unauthorized, (await AppSignIn.MeAsync(factory, tokens.AccessToken)).StatusCode);
    }

    [Theory]
    [InlineData("refresh_token")]
    [InlineData("authorization_code")]
    public async Task A_token_presented_by_several_requests_at_once_is_spent_by_one_at_most_and_ends_the_sign_in(string grant)
    {
        for (var trial = 0; trial < 3; trial++)
        {
            var (browser, _) = await AppSignIn.SignedInBrowserAsync(factory);
            using var _ = browser;
            var pkce = Pkce.New();
            var code = AppSignIn.CodeFrom((Uri)await AppSignIn.FollowAsync(browser, AppSignIn.AuthorizeUrl(pkce)));
            var refreshToken = grant == "refresh_token" ? (await AppSignIn.ReadTokensAsync(await AppSignIn.RedeemAsync(factory, code, pkce.Verifier))).RefreshToken! : null;

            using var start = new SemaphoreSlim(0);
            var racing = Enumerable.Range(0, 4).Select(async _ =>
            {
                await start.WaitAsync();
                return refreshToken is not null ? await AppSignIn.RefreshAsync(factory, refreshToken) : await AppSignIn.RedeemAsync(factory, code, pkce.Verifier);
            }).ToList();
            start.Release(racing.Count);
            var answers = await Task.WhenAll(racing);

            Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest })); // never a 500
            Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.OK), 0, 1);
            foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.BadRequest))
            {
                Assert.Equal("invalid_grant", await ErrorAsync(refused));
            }

            // A copy was presented: whatever the winner was given is refused from now on.
            if (answers.SingleOrDefault(a => a.StatusCode == HttpStatusCode.OK) is { } won)
            {
                var tokens = await AppSignIn.ReadTokensAsync(won);
                Assert.Equal(HttpStatusCode.Unauthorized, (await AppSignIn.MeAsync(factory, tokens.AccessToken)).StatusCode);
                Assert.Equal(HttpStatusCode.BadRequest, (await AppSignIn.RefreshAsync(factory, tokens.RefreshToken!)).StatusCode);
            }
        }
    }

    [Theory]
    [InlineData("/connect/token", "grant_type=refresh_token&client_id=" + AppSignIn.ClientId + "&refresh_token=%00")]
    [InlineData("/connect/revoke", "client_id=" + AppSignIn.ClientId + "&token=%00")]
    [InlineData("/connect/authorize", "client_id=" + AppSignIn.ClientId + "&state=%00")]
    [InlineData("/connect/token", "many")]
    public async Task A_form_that_cannot_be_read_is_an_invalid_request_not_an_error_page(string path, string body)
    {
        // A NUL in a value, or more than 1,024 fields: OpenIddict itself would throw on reading such a form.
        var form = body == "many" ? string.Join('&', Enumerable.Range(0, 1100).Select(i => $"k{i}=v")) : body;
        using var client = factory.CreateClient();

        var response = await client.PostAsync(path, new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", await ErrorAsync(response));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private static Task<HttpResponseMessage> NoRedirectsAsync(ShopBrowser browser, string url) => browser.Client.GetAsync(url);

    private static void AssertRefusedHere(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Without(string url, string? parameter)
    {
        if (parameter is null)
        {
            return url;
        }

        var query = QueryHelpers.ParseQuery(new Uri(new Uri(ShopFactory.PublicUrl), url).Query);
        query.Remove(parameter);
        query.Remove("code_challenge_method");
        return QueryHelpers.AddQueryString("/connect/authorize", query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString()));
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
}
