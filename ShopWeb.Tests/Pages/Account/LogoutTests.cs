using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

public sealed class LogoutTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Signing_out_ends_the_session_so_a_copied_cookie_no_longer_works()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        var home = await browser.SignInAsync(email, rememberMe: true);
        var stolen = SessionCookie(home);

        using var thief = CookieOnlyClient(stolen);
        Assert.Equal("Security", (await thief.GetAsync("/account/security")).Heading);

        var signedOut = await browser.SubmitAsync(home, "form[action='/account/logout']", button: "Sign out");
        Assert.False(signedOut.IsSignedIn());
        Assert.Equal("You have signed out.", signedOut.Find("[role=status]")?.TextContent);

        var afterwards = await thief.GetAsync("/account/security");
        Assert.Equal("Sign in", afterwards.Heading);
        Assert.Equal(0, await factory.WithDbAsync(db => db.UserSessions.CountAsync(s => db.Users.Any(u => u.Id == s.UserId && u.Email == email))));
    }

    [Fact]
    public async Task Sign_out_is_a_post_a_get_only_offers_the_button()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);

        var page = await browser.GetAsync("/account/logout");

        Assert.Equal("Sign out", page.Heading);
        Assert.True(page.IsSignedIn());
        Assert.Equal("Security", (await browser.GetAsync("/account/security")).Heading);
    }

    [Fact]
    public async Task A_sign_out_post_without_the_antiforgery_token_is_refused()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);

        var response = await browser.Client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await browser.GetAsync("/")).IsSignedIn());
    }

    private ShopBrowser CookieOnlyClient(string cookie)
    {
        var client = factory.CreateBrowser();
        client.Client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    internal static string SessionCookie(HtmlPage signedIn)
    {
        // The page after sign-in was reached through a redirect; the cookie was set on the sign-in response.
        var response = signedIn.Response;
        var header = response.RequestMessage!.Headers.TryGetValues("Cookie", out var sent) ? string.Join("; ", sent) : "";
        return header.Split("; ").Single(c => c.StartsWith("ShopWeb.Auth=", StringComparison.Ordinal));
    }
}

public sealed class ServerSessionTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Signing_in_keeps_the_session_in_the_store()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();

        await browser.SignInAsync(email, rememberMe: true);

        var sessions = await factory.WithDbAsync(db => db.UserSessions.Where(s => db.Users.Any(u => u.Id == s.UserId && u.Email == email)).ToListAsync());
        var session = Assert.Single(sessions);
        Assert.True(session.IsPersistent);
        Assert.InRange(session.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(13.9), TimeSpan.FromDays(14.1));
    }
}
