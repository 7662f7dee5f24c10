using System.Net;
using ShopWeb.Identity;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity;

/// <summary>
/// Every sign-in starts a session of its own, and a copy of the browser's earlier cookie is signed out. The browsers
/// here do not follow redirects, so each sign-in's cookie can be read from its response.
/// </summary>
public sealed class ServerSessionsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_copied_cookie_is_signed_out_when_the_next_shopper_signs_in_and_ending_other_sessions_leaves_only_theirs()
    {
        var a = await factory.CreateAccountAsync();
        var b = await factory.CreateAccountAsync();
        using var shared = factory.CreateBrowser(followRedirects: false);
        using var copy = CookieCopy(await shared.SignInAsync(a));
        Assert.True(await IsSignedInAsync(copy));

        // B signs in on the same browser without signing A out.
        using var bCopy = CookieCopy(await shared.SignInAsync(b));

        Assert.False(await IsSignedInAsync(copy));
        Assert.StartsWith("/account/login", (await copy.Client.GetAsync("/account/security")).Headers.Location?.OriginalString);
        Assert.Empty(await SessionsOfAsync(a));
        var bSession = Assert.Single(await SessionsOfAsync(b));

        // B also signed in elsewhere; "Sign out of all other devices" leaves only this browser's session.
        using var elsewhere = factory.CreateBrowser(followRedirects: false);
        await elsewhere.SignInAsync(b);
        Assert.Equal(2, (await SessionsOfAsync(b)).Count);
        var security = await shared.GetAsync("/account/security/devices");
        await shared.SubmitAsync(security, "#end-other-sessions", button: "Sign out of all other devices");

        Assert.Equal(bSession, Assert.Single(await SessionsOfAsync(b)));
        Assert.Empty(await SessionsOfAsync(a));
        Assert.True(await IsSignedInAsync(shared));
        Assert.True(await IsSignedInAsync(bCopy));
        Assert.False(await IsSignedInAsync(elsewhere));
        Assert.False(await IsSignedInAsync(copy));
    }

    [Fact]
    public async Task The_two_factor_and_recovery_code_sign_ins_each_end_the_browsers_session_and_start_a_new_one()
    {
        var (owner, email) = await factory.SignedInShopperAsync();
        using var _ = owner;
        var setup = await owner.GetAsync("/account/security/authenticator");
        var key = setup.Find("#authenticator-key")!.TextContent;
        var codesPage = await owner.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, factory.Clock.GetUtcNow()) });
        var recoveryCode = codesPage.Document.QuerySelector("#recovery-codes code")!.TextContent;
        var ownerSession = Assert.Single(await SessionsOfAsync(email));

        using var browser = factory.CreateBrowser(followRedirects: false);
        var other = await factory.CreateAccountAsync();
        using var otherCopy = CookieCopy(await browser.SignInAsync(other));

        var step = await browser.GetAsync((await browser.SignInAsync(email)).Response.Headers.Location!.OriginalString);
        Assert.Equal("Two-factor sign-in", step.Heading);

        // The code of the next 30 seconds: the set-up has just used this one's.
        using var twoFactorCopy = CookieCopy(await browser.SubmitAsync(step, "#two-factor", new Dictionary<string, string>
        {
            ["Input.Code"] = Totp.Code(key, factory.Clock.GetUtcNow().AddSeconds(30)),
        }));
        Assert.False(await IsSignedInAsync(otherCopy));
        Assert.Empty(await SessionsOfAsync(other));
        Assert.True(await IsSignedInAsync(twoFactorCopy));
        var twoFactorSession = Assert.Single(await SessionsOfAsync(email), s => s != ownerSession);

        step = await browser.GetAsync((await browser.SignInAsync(email)).Response.Headers.Location!.OriginalString);
        var recovery = await browser.GetAsync(step.Find("a[href^='/account/login/recovery']")!.GetAttribute("href")!);
        using var recoveryCopy = CookieCopy(await browser.SubmitAsync(recovery, "#recovery", new Dictionary<string, string> { ["Input.Code"] = recoveryCode }, button: "Sign in"));

        Assert.False(await IsSignedInAsync(twoFactorCopy));
        Assert.True(await IsSignedInAsync(recoveryCopy));
        Assert.True(await IsSignedInAsync(browser));
        var sessions = await SessionsOfAsync(email);
        Assert.Equal(2, sessions.Count);
        Assert.Contains(ownerSession, sessions);
        Assert.DoesNotContain(twoFactorSession, sessions);
    }

    [Fact]
    public async Task A_session_ends_30_days_after_its_sign_in_however_often_it_is_renewed()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);
        await browser.SignInAsync(email, rememberMe: true);

        // Each visit past half the cookie's 14 days renews it; the last renewals stop at the 30th day.
        foreach (var days in new[] { 8, 8, 8, 5 })
        {
            factory.Clock.Advance(TimeSpan.FromDays(days));
            Assert.True(await IsSignedInAsync(browser), $"signed in after {days} more days");
        }

        factory.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.False(await IsSignedInAsync(browser));
        Assert.Empty(await SessionsOfAsync(email));
    }

    // The sign-in cookie's decryption is remembered for a minute (CachedTicketFormat): each cookie below is read
    // first, so what refuses it afterwards is the per-request session check, not a fresh decryption.
    [Fact]
    public async Task A_cookie_read_a_moment_before_is_refused_at_once_after_sign_out_and_after_a_password_change_elsewhere()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);
        using var copy = CookieCopy(await browser.SignInAsync(email));
        Assert.True(await IsSignedInAsync(copy));
        Assert.True(await IsSignedInAsync(copy));

        await browser.SubmitAsync(await browser.GetAsync("/products"), "form[action='/account/logout']", button: "Sign out");
        Assert.False(await IsSignedInAsync(copy));

        using var here = factory.CreateBrowser(followRedirects: false);
        await here.SignInAsync(email);
        using var elsewhere = factory.CreateBrowser(followRedirects: false);
        using var elsewhereCopy = CookieCopy(await elsewhere.SignInAsync(email));
        Assert.True(await IsSignedInAsync(elsewhereCopy));
        Assert.True(await IsSignedInAsync(elsewhere));

        await here.ChangePasswordAsync(AccountSteps.Password, "another long passphrase for this test");
        Assert.False(await IsSignedInAsync(elsewhereCopy));
        Assert.False(await IsSignedInAsync(elsewhere));
        Assert.True(await IsSignedInAsync(here));
    }

    [Fact]
    public async Task A_sign_in_without_remember_me_lasts_while_it_is_used_and_ends_12_hours_after_its_last_use()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);
        await browser.SignInAsync(email);

        foreach (var hours in new[] { 5, 5, 5, 5 })
        {
            factory.Clock.Advance(TimeSpan.FromHours(hours));
            Assert.True(await IsSignedInAsync(browser), $"signed in {hours} more hours on");
        }

        factory.Clock.Advance(ServerSessions.BrowserSessionIdle + TimeSpan.FromMinutes(1));
        Assert.False(await IsSignedInAsync(browser));
        Assert.Empty(await SessionsOfAsync(email));
    }

    [Fact]
    public async Task A_sign_in_past_its_expiry_is_refused_though_its_cookie_was_read_a_moment_before()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);
        await browser.SignInAsync(email);
        Assert.True(await IsSignedInAsync(browser));

        factory.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));

        Assert.False(await IsSignedInAsync(browser));
        Assert.Empty(await SessionsOfAsync(email));
    }

    [Fact]
    public async Task A_sliding_renewal_still_sets_a_new_cookie_that_signs_in()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);
        using var before = CookieCopy(await browser.SignInAsync(email, rememberMe: true));
        Assert.True(await IsSignedInAsync(before));

        // Past half the cookie's 14 days, the next request renews it.
        factory.Clock.Advance(TimeSpan.FromDays(8));
        using var renewed = CookieCopy(await browser.GetAsync("/account/security"));

        Assert.NotEqual(before.Client.DefaultRequestHeaders.GetValues("Cookie").Single(), renewed.Client.DefaultRequestHeaders.GetValues("Cookie").Single());
        Assert.True(await IsSignedInAsync(renewed));
        factory.Clock.Advance(TimeSpan.FromDays(8)); // 16 days after the sign-in, 8 after the renewal
        Assert.True(await IsSignedInAsync(renewed));
    }

    // The security stamp is checked every 30 minutes (SecurityStampSchedule resolves Identity's validator only then).
    [Fact]
    public async Task A_changed_security_stamp_signs_the_browser_out_at_the_next_check_30_minutes_on()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);
        await browser.SignInAsync(email);
        Assert.True(await IsSignedInAsync(browser));

        // Changed behind the shop's back (no session ended): only the stamp check can notice.
        await factory.Store.ExecuteAsync($"""UPDATE "AspNetUsers" SET "SecurityStamp" = 'changed-elsewhere' WHERE "Email" = '{email}'""");
        factory.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await IsSignedInAsync(browser));

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(await IsSignedInAsync(browser));
    }

    private static async Task<bool> IsSignedInAsync(ShopBrowser browser)
    {
        var response = await browser.Client.GetAsync("/account/security");
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, response.StatusCode.ToString());
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Another browser holding a copy of the sign-in cookie the page's response set.</summary>
    private ShopBrowser CookieCopy(HtmlPage signedIn)
    {
        var cookie = signedIn.Response.Headers.GetValues("Set-Cookie")
            .Select(c => c.Split(';')[0])
            .Last(c => c.Contains("ShopWeb.Auth=", StringComparison.Ordinal) && !c.EndsWith('='));
        var copy = factory.CreateBrowser(followRedirects: false);
        copy.Client.DefaultRequestHeaders.Add("Cookie", cookie);
        return copy;
    }

    private Task<List<string>> SessionsOfAsync(string email) => factory.Store.QueryAsync(
        $"""SELECT s."Id" FROM "UserSessions" s JOIN "AspNetUsers" u ON u."Id" = s."UserId" WHERE u."Email" = '{email}'""", r => r.GetString(0));
}
