using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity.Apps;

/// <summary>The whole sign-in of an app, as the app does it, through the shop's own pages and a second factor.</summary>
public sealed class AppSignInFlowTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task An_app_signs_a_shopper_in_with_PKCE_and_two_factor_refreshes_loses_the_grant_to_a_reused_token_and_is_signed_out_from_security()
    {
        // A shopper with two-factor sign-in on, set up through the real pages.
        var (setupBrowser, email) = await factory.SignedInShopperAsync();
        using (setupBrowser)
        {
            var setup = await setupBrowser.GetAsync("/account/security/authenticator");
            var key = setup.Find("#authenticator-key")!.TextContent;
            var codes = await setupBrowser.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
            Assert.Equal("Recovery codes", codes.Heading);
            totpKey = key;
        }

        using var app = AppSignIn.AppClient(factory);

        // Discovery tells the app where to go and what the shop accepts.
        using var discovery = JsonDocument.Parse(await app.GetStringAsync("/.well-known/openid-configuration"));
        var config = discovery.RootElement;
        Assert.Equal(ShopFactory.PublicUrl, config.GetProperty("issuer").GetString());
        var authorizeEndpoint = new Uri(config.GetProperty("authorization_endpoint").GetString()!);
        var tokenEndpoint = new Uri(config.GetProperty("token_endpoint").GetString()!);
        Assert.Equal("http://localhost/connect/authorize", authorizeEndpoint.ToString());
        Assert.Equal(["S256"], Strings(config, "code_challenge_methods_supported"));
        Assert.Equal(["authorization_code", "refresh_token"], Strings(config, "grant_types_supported").Order());
        Assert.Contains("offline_access", Strings(config, "scopes_supported"));
        Assert.DoesNotContain("form_post", Strings(config, "response_modes_supported"));
        Assert.Equal(["none"], Strings(config, "token_endpoint_auth_methods_supported")); // public clients: no secret to send

        // Every address in it comes from Shop:PublicUrl, never from the request's Host or X-Forwarded-Proto.
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        spoofed.Headers.Host = "evil.example";
        spoofed.Headers.Add("X-Forwarded-Proto", "https");
        using var elsewhere = JsonDocument.Parse(await (await app.SendAsync(spoofed)).Content.ReadAsStringAsync());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "revocation_endpoint", "jwks_uri" })
        {
            Assert.StartsWith(ShopFactory.PublicUrl, elsewhere.RootElement.GetProperty(endpoint).GetString());
        }

        // The authorize request lands on the shop's sign-in page, which comes back to it.
        using var browser = factory.CreateBrowser(followRedirects: false);
        var pkce = Pkce.New();
        var authorize = AppSignIn.AuthorizeUrl(pkce, state: "state-1");
        Assert.StartsWith(authorizeEndpoint.AbsolutePath, authorize, StringComparison.Ordinal);
        var loginAddress = (string)await AppSignIn.FollowAsync(browser, authorize);
        Assert.StartsWith("/account/login?", loginAddress, StringComparison.OrdinalIgnoreCase);
        var login = await browser.GetAsync(loginAddress);
        Assert.Equal("Sign in", login.Heading);
        var password = await browser.SubmitAsync(login, "#login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountSteps.Password,
        }, button: "Sign in");
        var twoFactor = await browser.GetAsync((string)await AppSignIn.FollowAsync(browser, password.Response));
        Assert.Equal("Two-factor sign-in", twoFactor.Heading);
        var secondFactor = await browser.SubmitAsync(twoFactor, "#two-factor", new Dictionary<string, string> { ["Input.Code"] = Totp.Later(totpKey!) });

        // The code comes to the app's redirect address, with the app's state.
        var back = (Uri)await AppSignIn.FollowAsync(browser, secondFactor.Response);
        Assert.Contains("state=state-1", back.Query, StringComparison.Ordinal);
        var code = AppSignIn.CodeFrom(back);

        // The code alone is worth nothing: it needs the verifier only the app holds.
        var stolen = await AppSignIn.RedeemAsync(factory, code, Pkce.New().Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Equal("invalid_grant", await ErrorAsync(stolen));

        // With it, the app gets its tokens.
        var first = await AppSignIn.ReadTokensAsync(await app.PostAsync(tokenEndpoint.AbsolutePath, Form(new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = AppSignIn.ClientId,
            ["code"] = code,
            ["code_verifier"] = pkce.Verifier,
            ["redirect_uri"] = AppSignIn.RedirectUri,
        })));
        Assert.Equal("Bearer", first.TokenType);
        Assert.InRange(first.ExpiresIn, 1, 15 * 60);
        Assert.NotNull(first.RefreshToken);
        Assert.NotNull(first.IdToken);
        Assert.Equal(email, await EmailAsync(first.AccessToken));

        // Refresh: a new pair, and the refresh token rotates.
        var second = await AppSignIn.ReadTokensAsync(await AppSignIn.RefreshAsync(factory, first.RefreshToken!));
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(email, await EmailAsync(second.AccessToken));

        // The used refresh token again: refused, and the whole grant with it, the newest tokens included.
        var reused = await AppSignIn.RefreshAsync(factory, first.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", await ErrorAsync(reused));
        Assert.Equal(HttpStatusCode.BadRequest, (await AppSignIn.RefreshAsync(factory, second.RefreshToken!)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AppSignIn.MeAsync(factory, second.AccessToken)).StatusCode);
        var grant = await factory.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreAuthorization>().Include(a => a.Tokens)
            .SingleAsync(a => a.Tokens.Any(t => t.Type == "urn:ietf:params:oauth:token-type:access_token") && a.Tokens.All(t => t.Status == "revoked")));
        Assert.Equal("revoked", grant.Status);

        // Signed in again (the browser still is), the app is one of the shopper's devices on /account/security/devices.
        pkce = Pkce.New();
        code = AppSignIn.CodeFrom((Uri)await AppSignIn.FollowAsync(browser, AppSignIn.AuthorizeUrl(pkce)));
        var third = await AppSignIn.ReadTokensAsync(await AppSignIn.RedeemAsync(factory, code, pkce.Verifier));
        Assert.Equal(email, await EmailAsync(third.AccessToken));
        using var shopper = factory.CreateBrowser();
        Assert.True((await shopper.SubmitAsync(
            await shopper.SignInAsync(email), "#two-factor", new Dictionary<string, string> { ["Input.Code"] = Totp.Later(totpKey!, steps: 2) })).IsSignedIn());
        var security = await shopper.GetAsync("/account/security/devices");
        var devices = security.Document.QuerySelectorAll("#devices li").Where(li => li.TextContent.Contains(AppSignIn.AppName)).ToList();
        var device = Assert.Single(devices);
        Assert.Equal(2, device.QuerySelectorAll("time").Length);

        // "Sign out" there: the app's access token is refused at its very next call, its refresh token too.
        var signOut = device.QuerySelector("form")!;
        var ended = await shopper.SubmitAsync(security, $"form:has(input[value='{signOut.QuerySelector("input[name=appSignInId]")!.GetAttribute("value")}'])");
        Assert.Equal("That app has been signed out.", ended.Find("[role=status]")?.TextContent);
        Assert.DoesNotContain(AppSignIn.AppName, ended.Find("#devices")!.TextContent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AppSignIn.MeAsync(factory, third.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AppSignIn.RefreshAsync(factory, third.RefreshToken!)).StatusCode);
    }

    private string? totpKey;

    private async Task<string?> EmailAsync(string accessToken)
    {
        var me = await AppSignIn.MeAsync(factory, accessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        return (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString();
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();

    private static string[] Strings(JsonElement config, string name) => [.. config.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    private static FormUrlEncodedContent Form(Dictionary<string, string> fields) => new(fields);
}
