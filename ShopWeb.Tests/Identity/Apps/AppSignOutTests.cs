using System.Net;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity.Apps;

/// <summary>Every way of signing out everywhere signs the shopper's apps out too, at once.</summary>
public sealed class AppSignOutTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task Sign_out_of_all_other_devices_ends_every_app_sign_in_but_keeps_this_browser()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var phone = await AppSignIn.TokensForAsync(factory, email);
        var tablet = await AppSignIn.TokensForAsync(factory, email);
        var security = await browser.GetAsync("/account/security/devices");
        Assert.Equal(2, security.Document.QuerySelectorAll("#devices li").Count(li => li.TextContent.Contains(AppSignIn.AppName)));

        var after = await browser.SubmitAsync(security, "#end-other-sessions", button: "Sign out of all other devices");

        Assert.Equal("Every other device has been signed out.", after.Find("[role=status]")?.TextContent);
        Assert.DoesNotContain(AppSignIn.AppName, after.Find("#devices")!.TextContent);
        await AssertSignedOutAsync(phone);
        await AssertSignedOutAsync(tablet);
    }

    [Fact]
    public async Task A_password_change_ends_every_app_sign_in()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var tokens = await AppSignIn.TokensForAsync(factory, email);

        var changed = await browser.ChangePasswordAsync(AccountSteps.Password, NewPassword);

        Assert.Equal("Your password has been changed. Every other device has been signed out.", changed.Find("[role=status]")?.TextContent);
        await AssertSignedOutAsync(tokens);
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, (await AppSignIn.TokensForAsync(factory, email, NewPassword)).AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_every_app_sign_in()
    {
        var email = await factory.CreateAccountAsync();
        var tokens = await AppSignIn.TokensForAsync(factory, email);
        using var browser = factory.CreateBrowser();

        await browser.ResetPasswordAsync(factory, email, NewPassword);

        await AssertSignedOutAsync(tokens);
    }

    [Fact]
    public async Task Deleting_the_account_ends_its_app_sign_ins_and_erases_them()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var tokens = await AppSignIn.TokensForAsync(factory, email);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var form = await browser.GetAsync("/account/delete");

        await browser.SubmitAsync(form, "#delete-account", new Dictionary<string, string> { ["Input.Password"] = AccountSteps.Password }, button: "Delete my account");

        await AssertSignedOutAsync(tokens);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreAuthorization>().CountAsync(a => a.Subject == userId)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken>().CountAsync(t => t.Subject == userId)));
    }

    [Fact]
    public async Task An_admin_locking_the_account_ends_its_app_sign_ins()
    {
        var email = await factory.CreateAccountAsync();
        var tokens = await AppSignIn.TokensForAsync(factory, email);
        var id = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/customers/{id}");

        await admin.SubmitAsync(page, "form[action$='handler=Lock']");

        await AssertSignedOutAsync(tokens);
    }

    [Fact]
    public async Task An_app_that_revokes_its_refresh_token_is_signed_out_whole_and_leaves_the_device_list()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var tokens = await AppSignIn.TokensForAsync(factory, email);
        using var app = AppSignIn.AppClient(factory);

        var revoked = await app.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = AppSignIn.ClientId,
            ["token"] = tokens.RefreshToken!,
            ["token_type_hint"] = "refresh_token",
        }));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await AssertSignedOutAsync(tokens);
        Assert.DoesNotContain(AppSignIn.AppName, (await browser.GetAsync("/account/security/devices")).Find("#devices")!.TextContent);
    }

    [Fact]
    public async Task Another_shoppers_app_sign_in_cannot_be_ended_from_my_page()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var mine = await AppSignIn.TokensForAsync(factory, email);
        var (theirEmail, theirs) = await AppSignIn.NewShopperAsync(factory);
        var theirId = await factory.WithDbAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == theirEmail).Select(u => u.Id).SingleAsync();
            return await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject == userId).Select(a => a.Id).SingleAsync();
        });
        var page = await browser.GetAsync("/account/security/devices");

        // My app's "Sign out" form, aimed at the other shopper's app sign-in.
        var forged = await browser.SubmitAsync(page, "form:has(input[name=appSignInId])", new Dictionary<string, string> { ["appSignInId"] = theirId! });

        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, theirs.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AppSignIn.MeAsync(factory, mine.AccessToken)).StatusCode);
    }

    private async Task AssertSignedOutAsync(AppTokens tokens)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await AppSignIn.MeAsync(factory, tokens.AccessToken)).StatusCode);
        var refresh = await AppSignIn.RefreshAsync(factory, tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Contains("invalid_grant", await refresh.Content.ReadAsStringAsync());
    }
}
