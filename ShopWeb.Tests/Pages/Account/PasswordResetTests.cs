using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
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

        var forKnown = await browser.ForgotPasswordAsync(known);
        var forUnknown = await browser.ForgotPasswordAsync(unknown);

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

        await browser.ForgotPasswordAsync(email);
        var link = Mailbox.Link(factory.Mail.LatestTo(email), "Choose a new password");
        var reset = await browser.ResetPasswordAsync(link, NewPassword);
        Assert.Equal("Your password has been changed", reset.Heading);
        Assert.Contains("Nothing else can sign in", reset.Find("#nothing-left")?.TextContent);

        Assert.Equal("Sign in", (await oldDevice.GetAsync("/account/security")).Heading);
        Assert.True((await browser.SignInAsync(email, NewPassword)).IsSignedIn());

        using var attacker = factory.CreateBrowser();
        var reused = await attacker.ResetPasswordAsync(link, "an attackers passphrase");
        Assert.Equal("Choose a new password", reused.Heading);
        Assert.Contains("not valid any more", reused.Find("[role=alert]")?.TextContent);
        Assert.False((await attacker.SignInAsync(email, "an attackers passphrase")).IsSignedIn());
    }

    [Fact]
    public async Task The_reset_link_expires_after_a_day()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await browser.ForgotPasswordAsync(email);
        var link = Mailbox.Link(factory.Mail.LatestTo(email), "Choose a new password");

        factory.Clock.Advance(TimeSpan.FromHours(25));
        var page = await browser.ResetPasswordAsync(link, NewPassword);

        Assert.Contains("not valid any more", page.Find("[role=alert]")?.TextContent);
        factory.Clock.Advance(TimeSpan.FromHours(-25));
        Assert.True((await browser.SignInAsync(email)).IsSignedIn(), "the old password still works");
    }

    [Fact]
    public async Task A_mangled_reset_link_says_so()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();

        var page = await browser.ResetPasswordAsync(new Uri("http://localhost/account/reset-password?userId=nope&code=%%%"), NewPassword);

        Assert.Contains("not valid any more", page.Find("[role=alert]")?.TextContent);
        Assert.True((await browser.SignInAsync(email)).IsSignedIn(), "the old password still works");
    }

    [Fact]
    public async Task A_reset_lists_the_passkeys_that_still_sign_in_and_offers_to_remove_them()
    {
        var email = await factory.CreateAccountAsync();
        await factory.AddPasskeyAsync(email, "Work laptop");
        await factory.AddPasskeyAsync(email, "Old phone");
        using var browser = factory.CreateBrowser();
        await browser.ForgotPasswordAsync(email);

        var done = await browser.ResetPasswordAsync(Mailbox.Link(factory.Mail.LatestTo(email), "Choose a new password"), NewPassword);
        Assert.Equal("Your password has been changed", done.Heading);
        Assert.False(done.IsSignedIn());
        var listed = done.Document.QuerySelectorAll("#still-signing-in li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, listed.Count);
        Assert.Contains(listed, l => l.Contains("Old phone", StringComparison.Ordinal));

        var removed = await browser.SubmitAsync(done, "form:has(button[aria-label='Remove Old phone'])");
        Assert.Equal("The passkey \"Old phone\" has been removed.", removed.Find("[role=status]")?.TextContent);
        Assert.Equal("Your password has been changed", removed.Heading);
        Assert.Equal(["Work laptop"], await PasskeyNamesAsync(email));
        Assert.DoesNotContain("Old phone", removed.Find("#still-signing-in")!.TextContent);

        // The page's token is short-lived: a quarter of an hour later its forms remove nothing.
        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        var late = await browser.SubmitAsync(removed, "form:has(button[aria-label='Remove Work laptop'])");
        Assert.Equal("Sign in", late.Heading);
        Assert.Contains("This page has expired", late.Find("[role=status]")?.TextContent);
        Assert.Equal(["Work laptop"], await PasskeyNamesAsync(email));
        factory.Clock.Advance(TimeSpan.FromMinutes(-16));
    }

    [Fact]
    public async Task The_page_after_a_reset_cannot_be_opened_or_used_without_its_token()
    {
        var email = await factory.CreateAccountAsync();
        await factory.AddPasskeyAsync(email, "Kept");
        using var browser = factory.CreateBrowser();

        var opened = await browser.GetAsync("/account/reset-password/done");
        Assert.Equal("Your password has been changed", opened.Heading);
        Assert.Null(opened.Find("#still-signing-in"));
        Assert.Null(opened.Find("#nothing-left"));
        var login = await browser.GetAsync("/account/login");
        var antiforgery = login.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await browser.Client.PostAsync("/account/reset-password/done?handler=RemovePasskey", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["token"] = "made-up",
            ["id"] = "AAAA",
        }));

        Assert.Equal("/account/login", forged.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(["Kept"], await PasskeyNamesAsync(email));
    }

    private async Task<List<string?>> PasskeyNamesAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return [.. (await users.GetPasskeysAsync((await users.FindByEmailAsync(email))!)).Select(p => p.Name)];
    }
}
