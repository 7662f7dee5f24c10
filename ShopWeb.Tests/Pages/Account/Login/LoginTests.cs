using System.Buffers.Binary;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Login;

public sealed class LoginTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_answer()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();

        var unknown = await browser.SignInAsync(AccountSteps.NewEmail("nobody"));
        var wrong = await browser.SignInAsync(email, "not the password at all");

        Assert.Equal(unknown.Status, wrong.Status);
        Assert.Equal("The email or password is not right.", unknown.Find("[role=alert] li")?.TextContent);
        Assert.Equal(unknown.Find("[role=alert]")?.TextContent, wrong.Find("[role=alert]")?.TextContent);
        Assert.False(wrong.IsSignedIn());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_until_the_lockout_time_has_passed()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal("Sign in", (await browser.SignInAsync(email, $"wrong password {attempt}")).Heading);
        }

        var locked = await browser.SignInAsync(email, "wrong password 5");
        Assert.Equal("Account locked", locked.Heading);
        Assert.Contains("Try again in 15 minutes", locked.Body);

        var rightButLocked = await browser.SignInAsync(email);
        Assert.Equal("Account locked", rightButLocked.Heading);
        Assert.False(rightButLocked.IsSignedIn());

        factory.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal("Account locked", (await browser.SignInAsync(email)).Heading);

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await browser.SignInAsync(email)).IsSignedIn());
    }

    [Fact]
    public async Task Five_wrong_passwords_for_an_unknown_address_look_exactly_like_a_lockout_of_a_real_one()
    {
        var real = await factory.CreateAccountAsync();
        var unknown = AccountSteps.NewEmail("nobody");
        var unconfirmed = AccountSteps.NewEmail("unconfirmed"); // registered, its link not followed yet
        using var browser = factory.CreateBrowser();
        using var another = factory.CreateBrowser(); // another address: each may post the form ten times a minute
        await another.RegisterAsync(unconfirmed);

        var answers = new List<(string Real, string Unknown, string Unconfirmed)>();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            answers.Add((
                (await browser.SignInAsync(real, "wrong password")).Heading,
                (await browser.SignInAsync(unknown, "wrong password")).Heading,
                (await another.SignInAsync(unconfirmed, "wrong password")).Heading));
        }

        Assert.All(answers, a => Assert.Equal(a.Real, a.Unknown));
        // The first browser's sixth pair is rate limited (twelve posts); the other browser posted six, still locked.
        Assert.All(answers.Take(5), a => Assert.Equal(a.Real, a.Unconfirmed));
        Assert.Equal("Account locked", answers[5].Unconfirmed);
        Assert.Equal("Account locked", answers[4].Unknown);
        Assert.Equal("Sign in", answers[3].Unknown);
    }

    [Fact]
    public async Task Remember_me_gives_a_persistent_cookie_and_its_absence_a_browser_session_cookie()
    {
        var email = await factory.CreateAccountAsync();
        using var remembered = factory.CreateBrowser(followRedirects: false);
        using var forgotten = factory.CreateBrowser(followRedirects: false);

        var persistent = AuthCookie(await remembered.SignInAsync(email, rememberMe: true));
        var session = AuthCookie(await forgotten.SignInAsync(email, rememberMe: false));

        Assert.Contains("expires=", persistent, StringComparison.OrdinalIgnoreCase);
        var expires = DateTimeOffset.Parse(persistent.Split("expires=", StringSplitOptions.None)[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(13.9), TimeSpan.FromDays(14.1));
        Assert.DoesNotContain("expires=", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/account/security", "/account/security")]
    public async Task Only_a_local_return_url_is_honoured(string returnUrl, string landing)
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser(followRedirects: false);

        var page = await browser.SignInAsync(email, returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal(landing, page.Response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_page_that_needs_an_account_sends_to_sign_in_and_comes_back_after_it()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();

        var login = await browser.GetAsync("/account/security");
        Assert.Equal("Sign in", login.Heading);

        var back = await browser.SubmitAsync(login, "#login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountSteps.Password,
        }, button: "Sign in");
        Assert.Equal("Security", back.Heading);
        Assert.EndsWith("/account/security", back.Response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Theory]
    [InlineData("Input.RememberMe", "maybe", "Input.RememberMe")]
    [InlineData("Input.RememberMe", "", null)]
    [InlineData("Input.Email", "", "Input.Email")]
    [InlineData("Input.Email", "@@@", "Input.Email")]
    [InlineData("Input.Email", "{huge}", "Input.Email")]
    [InlineData("Input.Password", "{huge}", "Input.Password")]
    [InlineData("Input.Email", "zoë@例え.jp", null)]
    public async Task Malformed_input_returns_the_form_with_a_message_never_a_500(string field, string value, string? messageFor)
    {
        using var browser = factory.CreateBrowser();
        var form = await browser.GetAsync("/account/login");
        var fields = new Dictionary<string, string> { ["Input.Email"] = "someone@example.com", ["Input.Password"] = "whatever password" };
        fields[field] = value.Replace("{huge}", new string('a', 100_000) + "@example.com", StringComparison.Ordinal);

        var page = await browser.SubmitAsync(form, "#login", fields, button: "Sign in");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Sign in", page.Heading);
        Assert.False(page.IsSignedIn());
        if (messageFor is not null)
        {
            Assert.False(string.IsNullOrWhiteSpace(page.Find($"[data-valmsg-for='{messageFor}']")?.TextContent), $"a message next to {messageFor}");
        }
        else
        {
            Assert.NotNull(page.Find("[role=alert] li"));
        }
    }

    [Fact]
    public async Task Passwords_are_hashed_with_at_least_210000_iterations_and_older_hashes_are_upgraded_at_sign_in()
    {
        var email = await factory.CreateAccountAsync();
        Assert.True(await IterationsAsync(email) >= 210_000);

        // An account hashed the way Identity did before (100,000 iterations) ...
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            var legacy = new PasswordHasher<ApplicationUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }));
            user.PasswordHash = legacy.HashPassword(user, AccountSteps.Password);
            await users.UpdateAsync(user);
        }

        Assert.Equal(100_000, await IterationsAsync(email));

        // ... signs in as before, and leaves with a hash of today's strength.
        using var browser = factory.CreateBrowser();
        Assert.True((await browser.SignInAsync(email)).IsSignedIn());
        Assert.Equal(210_000, await IterationsAsync(email));
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await browser.GetAsync("/account/login");

        var response = await browser.Client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AccountSteps.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Resending_the_confirmation_gives_the_same_answer_for_any_address()
    {
        var unconfirmed = AccountSteps.NewEmail();
        using var browser = factory.CreateBrowser();
        await browser.RegisterAsync(unconfirmed);
        var before = factory.Mail.To(unconfirmed).Count;

        var known = await Resend(browser, unconfirmed);
        var unknown = await Resend(browser, AccountSteps.NewEmail("nobody"));

        Assert.Equal(known.Find("[role=status]")?.TextContent, unknown.Find("[role=status]")?.TextContent);
        Assert.Equal(before + 1, factory.Mail.To(unconfirmed).Count);
        await browser.ConfirmEmailAsync(factory, unconfirmed);
        Assert.True((await browser.SignInAsync(unconfirmed)).IsSignedIn());
    }

    private static async Task<HtmlPage> Resend(ShopBrowser browser, string email)
    {
        var form = await browser.GetAsync("/account/resend-confirmation");
        return await browser.SubmitAsync(form, "#resend-confirmation", new Dictionary<string, string> { ["Input.Email"] = email });
    }

    private async Task<int> IterationsAsync(string email)
    {
        var hash = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync());
        var bytes = Convert.FromBase64String(hash!);
        Assert.Equal(0x01, bytes[0]); // Identity v3 format: marker, PRF, iteration count, salt size, salt, subkey
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1))); // HMAC-SHA512
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5));
    }

    private static string AuthCookie(HtmlPage page) =>
        page.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ShopWeb.Auth=", StringComparison.Ordinal));
}
