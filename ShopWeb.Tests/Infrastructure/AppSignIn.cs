using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>What the token endpoint answers.</summary>
public sealed record AppTokens(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("id_token")] string? IdToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>A PKCE pair (RFC 7636): the app keeps the verifier and sends the S256 challenge.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce New()
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}

/// <summary>
/// An app signing a shopper in as a real one does: the authorize request in a browser, the shop's own sign-in form,
/// the code on the redirect address, the token request. Every <see cref="ShopFactory"/> has this app configured.
/// </summary>
public static class AppSignIn
{
    public const string ClientId = "shopweb-test-app";
    public const string AppName = "ShopWeb Test App";
    public const string RedirectUri = "com.shopweb.test:/signed-in";

    /// <summary>An access token for the shopper, through the whole flow (the account must not ask for a second factor).</summary>
    public static async Task<AppTokens> TokensForAsync(ShopFactory factory, string email, string password = AccountSteps.Password)
    {
        using var browser = factory.CreateBrowser(followRedirects: false);
        var pkce = Pkce.New();
        var login = await browser.GetAsync(await FollowAsync(browser, AuthorizeUrl(pkce)) as string ?? throw new InvalidOperationException("No sign-in page."));
        var signedIn = await browser.SubmitAsync(login, "#login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }, button: "Sign in");
        var code = CodeFrom(await FollowAsync(browser, signedIn.Response) as Uri ?? throw new InvalidOperationException("The sign-in did not come back to the app."));
        return await ReadTokensAsync(await RedeemAsync(factory, code, pkce.Verifier));
    }

    /// <summary>An access token for a new shopper of its own.</summary>
    public static async Task<(string Email, AppTokens Tokens)> NewShopperAsync(ShopFactory factory)
    {
        var email = await factory.CreateAccountAsync();
        return (email, await TokensForAsync(factory, email));
    }

    /// <summary>
    /// A browser signed in to the shop that does not follow redirects, as the app's browser tab is seen from the
    /// shop: an authorize request then answers with its redirect to the app (<see cref="FollowAsync(ShopBrowser, string)"/>).
    /// </summary>
    public static async Task<(ShopBrowser Browser, string Email)> SignedInBrowserAsync(ShopFactory factory)
    {
        var email = await factory.CreateAccountAsync();
        var browser = factory.CreateBrowser(followRedirects: false);
        var signedIn = await browser.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        return (browser, email);
    }

    public static string AuthorizeUrl(
        Pkce pkce, string state = "xyz", string method = "S256", string redirectUri = RedirectUri, string scope = "openid offline_access", string clientId = ClientId) =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = method == "plain" ? pkce.Verifier : pkce.Challenge,
            ["code_challenge_method"] = method,
        });

    /// <summary>
    /// Follows the shop's redirects from <paramref name="url"/>: the address that leaves the shop (the app's), or the
    /// shop page it ends on, as a relative address.
    /// </summary>
    public static async Task<object> FollowAsync(ShopBrowser browser, string url) => await FollowAsync(browser, await browser.Client.GetAsync(url));

    public static async Task<object> FollowAsync(ShopBrowser browser, HttpResponseMessage response)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            if ((int)response.StatusCode is < 300 or > 399)
            {
                return response.RequestMessage!.RequestUri!.PathAndQuery;
            }

            var location = response.Headers.Location!;
            if (location.IsAbsoluteUri && location.Scheme != Uri.UriSchemeHttp)
            {
                return location;
            }

            response = await browser.Client.GetAsync(location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public static string CodeFrom(Uri appRedirect)
    {
        Assert.StartsWith(RedirectUri + "?", appRedirect.OriginalString, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(appRedirect.Query);
        Assert.True(query.ContainsKey("code"), $"No code in {appRedirect}");
        return query["code"]!;
    }

    /// <summary>A client of the app's own: no cookies, the shop's address.</summary>
    public static HttpClient AppClient(ShopFactory factory, string? accessToken = null)
    {
        var client = factory.CreateDefaultClient(new Uri(ShopFactory.PublicUrl));
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    public static Task<HttpResponseMessage> RedeemAsync(ShopFactory factory, string code, string verifier, string redirectUri = RedirectUri) =>
        TokenRequestAsync(factory, new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["code_verifier"] = verifier,
            ["redirect_uri"] = redirectUri,
        });

    public static Task<HttpResponseMessage> RefreshAsync(ShopFactory factory, string refreshToken) =>
        TokenRequestAsync(factory, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    public static async Task<HttpResponseMessage> TokenRequestAsync(ShopFactory factory, Dictionary<string, string> form)
    {
        using var client = AppClient(factory);
        form.TryAdd("client_id", ClientId);
        return await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
    }

    public static async Task<AppTokens> ReadTokensAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AppTokens>())!;
    }

    /// <summary>What the shop answers the app at <c>GET /api/v1/me</c> with this access token.</summary>
    public static async Task<HttpResponseMessage> MeAsync(ShopFactory factory, string accessToken)
    {
        using var client = AppClient(factory, accessToken);
        return await client.GetAsync("/api/v1/me");
    }
}
