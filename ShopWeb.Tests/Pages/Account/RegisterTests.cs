using System.Net;
using Microsoft.EntityFrameworkCore;
using System.Text.RegularExpressions;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

public sealed partial class RegisterTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Register_then_confirm_from_the_eml_link_then_sign_in()
    {
        var email = AccountSteps.NewEmail();
        using var browser = factory.CreateBrowser();

        var registered = await browser.RegisterAsync(email);
        Assert.Equal("Check your email", registered.Heading);

        var message = factory.Mail.LatestTo(email);
        Assert.Contains("ShopWeb", message.Subject);
        Assert.Contains("ShopWeb", message.From.ToString());
        Assert.NotNull(message.TextBody);
        var link = Mailbox.Link(message, "Confirm my email");
        Assert.Equal("http://localhost/account/confirm-email", link.GetLeftPart(UriPartial.Path));
        Assert.Contains(link.ToString(), message.TextBody);

        var early = await browser.SignInAsync(email);
        Assert.False(early.IsSignedIn());
        Assert.Contains("confirm your email address", early.Body);
        Assert.NotNull(early.Find("a[href='/account/resend-confirmation']"));

        var confirmed = await browser.ConfirmEmailAsync(factory, email);
        Assert.Equal("Sign in", confirmed.Heading);
        Assert.Contains("your email address is confirmed", confirmed.Find("[role=status]")?.TextContent);

        var signedIn = await browser.SignInAsync(email);
        Assert.True(signedIn.IsSignedIn());
        Assert.Equal(email, signedIn.Find(".account-name")?.TextContent);
    }

    [Fact]
    public async Task Opening_the_link_changes_nothing_until_the_button_is_pressed_and_it_confirms_once()
    {
        var email = AccountSteps.NewEmail();
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync(email);
        var link = Mailbox.Link(factory.Mail.LatestTo(email), "Confirm my email");

        await browser.GetAsync(link.PathAndQuery);
        Assert.False((await browser.SignInAsync(email)).IsSignedIn());

        await browser.ConfirmEmailAsync(factory, email);
        var again = await browser.ConfirmEmailAsync(factory, email);
        Assert.Contains("already confirmed", again.Find("[role=status]")?.TextContent);
    }

    [Theory]
    [InlineData("not-base64-*%$")]
    [InlineData("")]
    [InlineData("QUJD")]
    public async Task A_mangled_confirmation_link_says_so(string code)
    {
        var email = AccountSteps.NewEmail();
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync(email);
        var userId = System.Web.HttpUtility.ParseQueryString(Mailbox.Link(factory.Mail.LatestTo(email), "Confirm my email").Query)["userId"];

        var page = await browser.GetAsync($"/account/confirm-email?userId={userId}&code={Uri.EscapeDataString(code)}");
        if (page.Find("#confirm-email") is not null)
        {
            page = await browser.SubmitAsync(page, "#confirm-email");
        }

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Matches("not valid|incomplete", page.Body);
        Assert.False((await browser.SignInAsync(email)).IsSignedIn());
    }

    [Fact]
    public async Task Registering_an_existing_email_looks_exactly_like_registering_a_new_one()
    {
        var existing = await factory.CreateAccountAsync();
        var fresh = AccountSteps.NewEmail();
        using var first = factory.CreateBrowser();
        using var second = factory.CreateBrowser();

        var forExisting = await first.RegisterAsync(existing);
        var forNew = await second.RegisterAsync(fresh);

        Assert.Equal(forNew.Status, forExisting.Status);
        Assert.Equal(forNew.Response.RequestMessage!.RequestUri, forExisting.Response.RequestMessage!.RequestUri);
        Assert.Equal(WithoutTokens(forNew.Body), WithoutTokens(forExisting.Body));
        var warning = factory.Mail.LatestTo(existing);
        Assert.Contains("Someone tried to register", warning.Subject);
        Assert.Equal("http://localhost/account/login", Mailbox.Link(warning, "Sign in").ToString());
    }

    [Fact]
    public async Task Registering_again_before_confirming_sends_the_confirmation_link_again_not_a_dead_end()
    {
        using var browser = factory.CreateBrowser();
        var email = AccountSteps.NewEmail("unconfirmed");
        await browser.RegisterAsync(email);

        var again = await browser.RegisterAsync(email);

        Assert.Equal("Check your email", again.Heading);
        var mails = factory.Mail.To(email);
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.StartsWith("Confirm your email address", m.Subject));
        var confirmed = await browser.ConfirmEmailAsync(factory, email);
        Assert.Contains("your email address is confirmed", confirmed.Find("[role=status]")?.TextContent);
    }

    [Fact]
    public async Task Someone_who_registered_an_address_first_does_not_get_the_account_its_owner_confirms()
    {
        var email = AccountSteps.NewEmail("taken-over");
        using var attacker = factory.CreateBrowser();
        using var owner = factory.CreateBrowser();
        await attacker.RegisterAsync(email, "the attacker's own passphrase");

        // The owner registers too (which only sends the link again), and confirms it with the password they chose.
        await owner.RegisterAsync(email, "the owner's own passphrase");
        var confirmed = await owner.ConfirmEmailAsync(factory, email, "the owner's own passphrase");

        Assert.Contains("your email address is confirmed", confirmed.Find("[role=status]")?.TextContent);
        Assert.False((await attacker.SignInAsync(email, "the attacker's own passphrase")).IsSignedIn());
        Assert.True((await owner.SignInAsync(email, "the owner's own passphrase")).IsSignedIn());
    }

    [Fact]
    public async Task A_password_confirming_the_address_must_follow_the_rules_and_the_one_registered_still_works()
    {
        var email = AccountSteps.NewEmail("confirming");
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync(email);

        var refused = await browser.ConfirmEmailAsync(factory, email, "password");
        Assert.False(string.IsNullOrWhiteSpace(refused.Find("[data-valmsg-for='Password']")?.TextContent));
        Assert.False(await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.EmailConfirmed).SingleAsync()));

        await browser.ConfirmEmailAsync(factory, email);
        Assert.True((await browser.SignInAsync(email)).IsSignedIn());
    }

    [Theory]
    [InlineData("short1", "Use between 8 and 128 characters.")]
    [InlineData("password1", "one of the most common passwords")]
    [InlineData("qwertyuiop", "one of the most common passwords")]
    [InlineData("{email}", "cannot be your email address")]
    public async Task Weak_passwords_are_refused_with_a_message_next_to_the_field(string password, string message)
    {
        var email = AccountSteps.NewEmail();
        using var browser = factory.CreateBrowser();

        var page = await browser.RegisterAsync(email, password.Replace("{email}", email, StringComparison.Ordinal));

        Assert.Equal("Register", page.Heading);
        Assert.Contains(message, page.Find("[data-valmsg-for='Input.Password']")?.TextContent);
        Assert.Empty(factory.Mail.To(email));
    }

    [Fact]
    public async Task An_address_with_letters_the_account_name_cannot_hold_is_refused_in_the_shops_words_not_identitys()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.RegisterAsync("Übung@bücher.example");

        Assert.Equal("Register", page.Heading);
        var message = page.Find("[data-valmsg-for='Input.Email']")?.TextContent ?? "";
        Assert.Contains("Use an email address of the letters a–z", message);
        Assert.DoesNotContain("Username", message);
    }

    [Fact]
    public async Task The_password_hint_is_visible_before_typing()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync("/account/register");

        var hint = page.Find("#password-hint")?.TextContent;
        Assert.Contains("at least 8 characters", hint);
        Assert.Contains("most common passwords", hint);
        Assert.Equal("password-hint", page.Find("#Input_Password")?.GetAttribute("aria-describedby"));
    }

    [Theory]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public async Task Passwords_up_to_128_characters_of_any_script_are_accepted(int length, bool accepted)
    {
        var email = AccountSteps.NewEmail();
        var password = string.Concat(Enumerable.Repeat("Zoë東", 40))[..length];
        using var browser = factory.CreateBrowser();

        var page = await browser.RegisterAsync(email, password);

        Assert.Equal(accepted ? "Check your email" : "Register", page.Heading);
        if (accepted)
        {
            await browser.ConfirmEmailAsync(factory, email, password);
            Assert.True((await browser.SignInAsync(email, password)).IsSignedIn());
        }
    }

    [Fact]
    public async Task Mismatched_confirmation_and_bad_email_are_refused()
    {
        using var browser = factory.CreateBrowser();
        var form = await browser.GetAsync("/account/register");

        var page = await browser.SubmitAsync(form, "#register", new Dictionary<string, string>
        {
            ["Input.Email"] = "not an email",
            ["Input.Password"] = AccountSteps.Password,
            ["Input.ConfirmPassword"] = AccountSteps.Password + "!",
        });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Enter an email address", page.Find("[data-valmsg-for='Input.Email']")?.TextContent);
        Assert.Contains("do not match", page.Find("[data-valmsg-for='Input.ConfirmPassword']")?.TextContent);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var browser = factory.CreateBrowser();
        await browser.GetAsync("/account/register");
        var email = AccountSteps.NewEmail();

        var response = await browser.Client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountSteps.Password,
            ["Input.ConfirmPassword"] = AccountSteps.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(factory.Mail.To(email));
    }

    private static string WithoutTokens(string html) => HiddenToken().Replace(html, "");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"")]
    private static partial Regex HiddenToken();
}
