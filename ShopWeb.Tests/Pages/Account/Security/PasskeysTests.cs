using System.Net;
using System.Text.Json;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Security;

/// <summary>The server side of passkeys that needs no authenticator; the whole ceremony runs in the E2E tests.</summary>
public sealed class PasskeysTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Creation_options_name_this_account_and_the_request_host_and_need_the_antiforgery_token()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var page = await browser.GetAsync("/account/security/passkeys");
        var token = page.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await browser.Client.PostAsync("/account/security/passkeys?handler=CreationOptions",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var refused = await browser.Client.PostAsync("/account/security/passkeys?handler=CreationOptions", new FormUrlEncodedContent([]));

        using var options = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("localhost", options.RootElement.GetProperty("rp").GetProperty("id").GetString());
        Assert.Equal(email, options.RootElement.GetProperty("user").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(options.RootElement.GetProperty("challenge").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not*base64")]
    public async Task A_passkey_that_is_not_this_accounts_is_a_404(string id)
    {
        var (browser, _) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var page = await browser.GetAsync("/account/security/passkeys");
        var token = page.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        foreach (var handler in new[] { "Remove", "Rename" })
        {
            var response = await browser.Client.PostAsync($"/account/security/passkeys?handler={handler}&id={id}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["newName"] = "x" }));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_forged_passkey_answer_adds_nothing()
    {
        var (browser, _) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var page = await browser.GetAsync("/account/security/passkeys");

        var result = await browser.SubmitAsync(page, "#add-passkey", new Dictionary<string, string> { ["CredentialJson"] = "{\"id\":\"AAAA\"}" });

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("could not be added", result.Find("[role=status]")?.TextContent);
        Assert.Contains("No passkeys yet.", result.Body);
    }

    [Fact]
    public async Task A_forged_passkey_answer_does_not_sign_in()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        var login = await browser.GetAsync("/account/login");

        var result = await browser.SubmitAsync(login, "#passkey-sign-in", new Dictionary<string, string>
        {
            ["CredentialJson"] = "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{}}",
        });

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.False(result.IsSignedIn());
        Assert.Contains("did not sign you in", result.Find("[role=alert]")?.TextContent);
        Assert.False((await browser.GetAsync("/")).IsSignedIn());
        Assert.NotNull(email);
    }
}
