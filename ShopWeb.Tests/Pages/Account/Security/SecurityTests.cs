using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Security;

public sealed class SecurityTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_every_other_session()
    {
        var email = await factory.CreateAccountAsync();
        using var laptop = factory.CreateBrowser();
        using var phone = factory.CreateBrowser();
        await laptop.SignInAsync(email);
        await phone.SignInAsync(email, rememberMe: true);

        var refused = await ChangePassword(laptop, "not my password");
        Assert.Equal("Your current password is not right.", refused.Find("[data-valmsg-for='Input.CurrentPassword']")?.TextContent);

        var changed = await ChangePassword(laptop, AccountSteps.Password);
        Assert.Contains("Every other device has been signed out", changed.Find("[role=status]")?.TextContent);
        Assert.True((await laptop.GetAsync("/")).IsSignedIn(), "the device that made the change stays signed in");
        Assert.Equal("Sign in", (await phone.GetAsync("/account/security")).Heading);

        using var later = factory.CreateBrowser();
        Assert.False((await later.SignInAsync(email)).IsSignedIn());
        Assert.True((await later.SignInAsync(email, NewPassword)).IsSignedIn());
    }

    [Fact]
    public async Task A_new_email_takes_effect_only_through_the_link_sent_to_it_and_the_old_address_is_told()
    {
        var oldEmail = await factory.CreateAccountAsync();
        var newEmail = AccountSteps.NewEmail("moved");
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(oldEmail);

        var asked = await ChangeEmail(browser, newEmail, AccountSteps.Password);
        Assert.Contains($"We sent a link to {newEmail}", asked.Find("[role=status]")?.TextContent);
        Assert.Contains(oldEmail, asked.Find("main")?.TextContent);

        var done = await browser.FollowEmailLinkAsync(factory, newEmail, "Confirm my new email", "#confirm-email-change", "Confirm my new email");
        Assert.Equal("Security", done.Heading);
        Assert.Contains($"Your email address is now {newEmail}", done.Find("[role=status]")?.TextContent);
        Assert.Contains(newEmail, factory.Mail.LatestTo(oldEmail).TextBody);

        using var other = factory.CreateBrowser();
        Assert.False((await other.SignInAsync(oldEmail)).IsSignedIn());
        Assert.True((await other.SignInAsync(newEmail)).IsSignedIn());
    }

    [Fact]
    public async Task Changing_the_email_needs_the_current_password_and_does_not_reveal_a_taken_address()
    {
        var email = await factory.CreateAccountAsync();
        var taken = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);

        var wrong = await ChangeEmail(browser, AccountSteps.NewEmail(), "not my password");
        Assert.Equal("Your current password is not right.", wrong.Find("[data-valmsg-for='Input.CurrentPassword']")?.TextContent);

        var toTaken = await ChangeEmail(browser, taken, AccountSteps.Password);
        Assert.Contains($"We sent a link to {taken}", toTaken.Find("[role=status]")?.TextContent);
        Assert.Contains("Someone tried to use your email address", factory.Mail.LatestTo(taken).Subject);
    }

    [Theory]
    [InlineData("o'neil")]
    [InlineData("Übung")]
    public async Task An_address_registration_refuses_is_refused_as_a_new_email_and_the_account_keeps_working(string local)
    {
        var email = await factory.CreateAccountAsync();
        var refusedAddress = $"{local}-{Guid.NewGuid():N}@example.com";
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);

        var asked = await ChangeEmail(browser, refusedAddress, AccountSteps.Password);

        Assert.Equal("Use an email address of the letters a–z, digits and . _ - + @, such as name@example.com.",
            asked.Find("[data-valmsg-for='Input.NewEmail']")?.TextContent);
        Assert.Empty(factory.Mail.To(refusedAddress));
        var changed = await ChangePassword(browser, AccountSteps.Password);
        Assert.Contains("Every other device has been signed out", changed.Find("[role=status]")?.TextContent);
    }

    [Fact]
    public async Task A_change_link_to_an_address_the_user_name_rules_refuse_changes_neither_the_email_nor_the_sign_in()
    {
        // A link issued some other way (or before the page refused such addresses) must not half-change the account.
        var email = await factory.CreateAccountAsync();
        var refusedAddress = $"o'neil-{Guid.NewGuid():N}@example.com";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            var token = await users.GenerateChangeEmailTokenAsync(user, refusedAddress);

            var result = await users.ChangeEmailAsync(user, refusedAddress, token);

            Assert.Equal(["InvalidUserName"], result.Errors.Select(e => e.Code));
            Assert.Equal((email, email), (user.Email, user.UserName));
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().SaveChangesAsync(); // a later save in the request writes nothing of it
        }

        using var browser = factory.CreateBrowser();
        Assert.True((await browser.SignInAsync(email)).IsSignedIn());
        var changed = await ChangePassword(browser, AccountSteps.Password);
        Assert.Contains("Every other device has been signed out", changed.Find("[role=status]")?.TextContent);
    }

    [Fact]
    public async Task The_security_pages_are_never_cached()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);

        foreach (var path in SecurityPages)
        {
            var page = await browser.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.True(page.Response.Headers.CacheControl?.NoStore, path);
        }
    }

    private static readonly string[] SecurityPages =
    [
        "/account/security", "/account/security/password", "/account/security/email", "/account/security/two-factor",
        "/account/security/passkeys", "/account/security/devices", "/account/security/activity", "/account/security/confirm",
    ];

    [Fact]
    public async Task The_overview_links_to_every_security_page_each_with_one_heading()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);

        var overview = await browser.GetAsync("/account/security");
        var links = overview.Document.QuerySelectorAll("#security-tasks a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Equal(SecurityPages[1..^1], links);
        foreach (var path in links)
        {
            var page = await browser.GetAsync(path!);
            Assert.Single(page.Document.QuerySelectorAll("h1"));
            Assert.Equal("/account/security", page.Find("main a[href='/account/security']")?.GetAttribute("href"));
        }
    }

    private static Task<HtmlPage> ChangePassword(ShopBrowser browser, string current) => browser.ChangePasswordAsync(current, NewPassword);

    private static Task<HtmlPage> ChangeEmail(ShopBrowser browser, string newEmail, string password) => browser.ChangeEmailAsync(newEmail, password);
}
