using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

public sealed class PasswordResetTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private const string NewPassword = "the reset passphrase";

    [Fact]
    public async Task Forgot_password_gives_the_same_answer_for_a_known_and_an_unknown_address()
    {
        var known = await factory.CreateAccountAsync();
        var unknown = AccountSteps.NewEmail("nobody");
        using var browser = factory.CreateBrowser();

        var forKnown = await Forgot(browser, known);
        var forUnknown = await Forgot(browser, unknown);

        Assert.Equal(forKnown.Status, forUnknown.Status);
        Assert.Equal(forKnown.Response.RequestMessage!.RequestUri, forUnknown.Response.RequestMessage!.RequestUri);
        Assert.Equal(forKnown.Find("main")?.TextContent, forUnknown.Find("main")?.TextContent);
        Assert.Single(factory.Mail.To(known));
        Assert.Empty(factory.Mail.To(unknown));
    }

    [Fact]
    public async Task The_reset_link_works_once_ends_older_sessions_and_lifts_a_lockout()
    {
        var email = await factory.CreateAccountAsync();
        using var oldDevice = factory.CreateBrowser();
        await oldDevice.SignInAsync(email, rememberMe: true);
        using var browser = factory.CreateBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SignInAsync(email, "guessing wrong");
        }

        await Forgot(browser, email);
        var link = Mailbox.Link(factory.Mail.LatestTo(email), "Choose a new password");
        var reset = await Reset(browser, link);
        Assert.Equal("Sign in", reset.Heading);
        Assert.Contains("Your password has been changed", reset.Find("[role=status]")?.TextContent);

        Assert.Equal("Sign in", (await oldDevice.GetAsync("/account/security")).Heading);
        Assert.True((await browser.SignInAsync(email, NewPassword)).IsSignedIn());

        using var attacker = factory.CreateBrowser();
        var reused = await Reset(attacker, link, "an attackers passphrase");
        Assert.Equal("Choose a new password", reused.Heading);
        Assert.Contains("not valid any more", reused.Find("[role=alert]")?.TextContent);
        Assert.False((await attacker.SignInAsync(email, "an attackers passphrase")).IsSignedIn());
    }

    [Fact]
    public async Task The_reset_link_expires_after_a_day()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await Forgot(browser, email);
        var link = Mailbox.Link(factory.Mail.LatestTo(email), "Choose a new password");

        factory.Clock.Advance(TimeSpan.FromHours(25));
        var page = await Reset(browser, link);

        Assert.Contains("not valid any more", page.Find("[role=alert]")?.TextContent);
        factory.Clock.Advance(TimeSpan.FromHours(-25));
        Assert.True((await browser.SignInAsync(email)).IsSignedIn(), "the old password still works");
    }

    [Fact]
    public async Task A_mangled_reset_link_says_so()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();

        var page = await Reset(browser, new Uri("http://localhost/account/reset-password?userId=nope&code=%%%"));

        Assert.Contains("not valid any more", page.Find("[role=alert]")?.TextContent);
        Assert.True((await browser.SignInAsync(email)).IsSignedIn(), "the old password still works");
    }

    private static async Task<HtmlPage> Forgot(ShopBrowser browser, string email)
    {
        var page = await browser.GetAsync("/account/forgot-password");
        return await browser.SubmitAsync(page, "#forgot-password", new Dictionary<string, string> { ["Input.Email"] = email }, button: "Send reset link");
    }

    private static async Task<HtmlPage> Reset(ShopBrowser browser, Uri link, string password = NewPassword)
    {
        var page = await browser.GetAsync(link.PathAndQuery);
        return await browser.SubmitAsync(page, "#reset-password", new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }, button: "Reset password");
    }
}
