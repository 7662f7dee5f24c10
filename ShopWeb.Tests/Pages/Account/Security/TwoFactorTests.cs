using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Security;

public sealed class TwoFactorTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Turning_it_on_needs_a_valid_code_then_sign_in_asks_for_one_and_wrong_codes_are_refused()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var setup = await browser.GetAsync("/account/security/authenticator");
        var key = setup.Find("#authenticator-key")!.TextContent;
        Assert.NotNull(setup.Find(".qr svg rect"));
        Assert.Null(setup.Find(".qr [style]"));

        var wrong = await browser.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = "000000" });
        Assert.Contains("That code is not right", wrong.Find("[data-valmsg-for='Input.Code']")?.TextContent);

        var codes = await browser.SubmitAsync(wrong, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        Assert.Equal("Recovery codes", codes.Heading);
        Assert.Equal(10, codes.Document.QuerySelectorAll("#recovery-codes li").Length);
        var download = await browser.SubmitAsync(codes, "#download-codes");
        Assert.Equal("text/plain", download.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(codes.Find("#recovery-codes code")!.TextContent, download.Body);

        using var again = factory.CreateBrowser();
        var step = await again.SignInAsync(email);
        Assert.Equal("Two-factor sign-in", step.Heading);
        Assert.False(step.IsSignedIn());
        var refused = await again.SubmitAsync(step, "#two-factor", new Dictionary<string, string> { ["Input.Code"] = "123456" });
        Assert.Contains("That code is not right", refused.Find("[data-valmsg-for='Input.Code']")?.TextContent);
        var failures = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.Email == email));
        Assert.Equal(1, failures.AccessFailedCount);

        var signedIn = await again.SubmitAsync(refused, "#two-factor", new Dictionary<string, string> { ["Input.Code"] = Totp.Later(key) });
        Assert.True(signedIn.IsSignedIn());
    }

    [Fact]
    public async Task Each_recovery_code_works_once_renewing_voids_the_old_ones_and_it_can_be_turned_off()
    {
        var (browser, email, codes) = await ShopperWithTwoFactorAsync();
        using var _ = browser;

        Assert.True((await RecoverAsync(email, codes[0])).IsSignedIn());
        Assert.False((await RecoverAsync(email, codes[0])).IsSignedIn());
        Assert.Contains("A recovery code was used", factory.Mail.LatestTo(email).Subject);

        var security = await browser.GetAsync("/account/security/two-factor");
        var renewed = await browser.SubmitAsync(security, "#two-factor", button: "Make new recovery codes");
        var fresh = renewed.Document.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, fresh.Count);
        Assert.False((await RecoverAsync(email, codes[1])).IsSignedIn());
        Assert.True((await RecoverAsync(email, fresh[0])).IsSignedIn());

        security = await browser.GetAsync("/account/security/two-factor");
        var off = await browser.SubmitAsync(security, "#two-factor", button: "Turn off two-factor sign-in");
        Assert.Equal("Two-factor sign-in is off.", off.Find("[role=status]")?.TextContent);
        Assert.Contains("Two-factor sign-in was turned off", factory.Mail.LatestTo(email).Subject);
        using var plain = factory.CreateBrowser();
        Assert.True((await plain.SignInAsync(email)).IsSignedIn());
    }

    [Fact]
    public async Task The_authenticator_key_is_shown_only_while_two_factor_is_being_set_up()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var setup = await browser.GetAsync("/account/security/authenticator");
        var key = setup.Find("#authenticator-key")!.TextContent;
        await browser.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });

        var again = await browser.GetAsync("/account/security/authenticator");
        Assert.Contains("Two-factor sign-in is on already", again.Find("#two-factor-on")?.TextContent);
        Assert.Null(again.Find("#authenticator-key"));
        Assert.Null(again.Find(".qr"));
        Assert.DoesNotContain(key.Replace(" ", "", StringComparison.Ordinal), again.Body.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(key.Replace(" ", "", StringComparison.Ordinal), (await browser.GetAsync("/account/security/two-factor")).Body, StringComparison.OrdinalIgnoreCase);

        // Another app: the old key stops, two-factor is off until the new one is set up, and only then is a new key shown.
        var reset = await browser.SubmitAsync(await browser.GetAsync("/account/security/two-factor"), "#two-factor", button: "Use a different authenticator app");
        Assert.Equal("Set up an authenticator app", reset.Heading);
        var newKey = reset.Find("#authenticator-key")!.TextContent;
        Assert.NotEqual(key, newKey);
        using var plain = factory.CreateBrowser();
        Assert.True((await plain.SignInAsync(email)).IsSignedIn(), "two-factor is off until the new app is set up");
        var codes = await browser.SubmitAsync(reset, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(newKey) });
        Assert.Equal("Recovery codes", codes.Heading);
        Assert.Null((await browser.GetAsync("/account/security/authenticator")).Find("#authenticator-key"));
    }

    [Fact]
    public async Task Opening_the_set_up_page_signs_no_device_out()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var stamp = await StampAsync(email);

        var first = (await browser.GetAsync("/account/security/authenticator")).Find("#authenticator-key")!.TextContent;
        var second = (await browser.GetAsync("/account/security/authenticator")).Find("#authenticator-key")!.TextContent;

        Assert.Equal(first, second); // one key, kept until it is confirmed or replaced
        Assert.Equal(stamp, await StampAsync(email)); // what every session of the account is checked against
    }

    [Fact]
    public async Task A_recovery_code_keeps_remember_me_and_does_not_open_a_locked_account()
    {
        var (browser, email, codes) = await ShopperWithTwoFactorAsync();
        using var _ = browser;
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        await factory.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync());

        Assert.True((await RecoverAsync(email, codes[0], rememberMe: true)).IsSignedIn());
        Assert.True(await factory.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == userId).Select(s => s.IsPersistent).SingleAsync()));

        using var guesser = factory.CreateBrowser();
        var step = await guesser.SignInAsync(email);
        var recoveryLink = step.Find("a[href^='/account/login/recovery']")!.GetAttribute("href")!;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            step = await guesser.SubmitAsync(step, "#two-factor", new Dictionary<string, string> { ["Input.Code"] = "000000" });
        }

        Assert.Equal("Account locked", step.Heading);
        var recovery = await guesser.GetAsync(recoveryLink);
        var refused = await guesser.SubmitAsync(recovery, "#recovery", new Dictionary<string, string> { ["Input.Code"] = codes[1] }, button: "Sign in");
        Assert.Equal("Account locked", refused.Heading);
        Assert.False((await guesser.GetAsync("/account/profile")).IsSignedIn());
    }

    [Fact]
    public async Task Wrong_recovery_codes_count_toward_the_lockout()
    {
        var (browser, email, _) = await ShopperWithTwoFactorAsync();
        using var _ = browser;
        using var guesser = factory.CreateBrowser();
        var step = await guesser.SignInAsync(email);
        var page = await guesser.GetAsync(step.Find("a[href^='/account/login/recovery']")!.GetAttribute("href")!);

        var answers = new List<string>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            page = await guesser.SubmitAsync(page, "#recovery", new Dictionary<string, string> { ["Input.Code"] = "AAAAA-BBBBB" }, button: "Sign in");
            answers.Add(page.Heading);
        }

        Assert.Equal([.. Enumerable.Repeat("Sign in with a recovery code", 4), "Account locked"], answers);
    }

    /// <summary>A signed-in shopper who has just set up an authenticator app, with the ten recovery codes shown.</summary>
    private async Task<(ShopBrowser Browser, string Email, List<string> Codes)> ShopperWithTwoFactorAsync()
    {
        var (browser, email) = await factory.SignedInShopperAsync();
        var setup = await browser.GetAsync("/account/security/authenticator");
        var codesPage = await browser.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(setup.Find("#authenticator-key")!.TextContent) });
        return (browser, email, [.. codesPage.Document.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent)]);
    }

    private async Task<string?> StampAsync(string email) =>
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp).SingleAsync());

    private async Task<HtmlPage> RecoverAsync(string email, string code, bool rememberMe = false)
    {
        using var browser = factory.CreateBrowser();
        var step = await browser.SignInAsync(email, rememberMe: rememberMe);
        var recovery = await browser.GetAsync(step.Find("a[href^='/account/login/recovery']")!.GetAttribute("href")!);
        return await browser.SubmitAsync(recovery, "#recovery", new Dictionary<string, string> { ["Input.Code"] = code }, button: "Sign in");
    }
}
