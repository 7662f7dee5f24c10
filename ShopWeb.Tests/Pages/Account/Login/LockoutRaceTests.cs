using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Login;

/// <summary>Wrong passwords sent at the same moment all count: an attacker cannot dodge the lockout by sending them in parallel.</summary>
public sealed class LockoutRaceTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Five_wrong_passwords_sent_at_once_from_one_browser_lock_the_account()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        var form = await browser.GetAsync("/account/login");

        var answers = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => SignInAsync(browser, form, email, $"wrong password {i}")));

        Assert.All(answers, a => Assert.Contains(a.Heading, new[] { "Sign in", "Account locked" }));
        await AssertLockedAsync(email);
    }

    [Fact]
    public async Task Five_wrong_passwords_sent_at_once_from_five_browsers_lock_the_account()
    {
        var email = await factory.CreateAccountAsync();
        var browsers = Enumerable.Range(0, 5).Select(_ => factory.CreateBrowser()).ToList();
        try
        {
            var forms = await Task.WhenAll(browsers.Select(b => b.GetAsync("/account/login")));

            var answers = await Task.WhenAll(browsers.Select((b, i) => SignInAsync(b, forms[i], email, $"wrong password {i}")));

            Assert.All(answers, a => Assert.Contains(a.Heading, new[] { "Sign in", "Account locked" }));
            await AssertLockedAsync(email);
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }

    private async Task AssertLockedAsync(string email)
    {
        using var later = factory.CreateBrowser();
        var right = await later.SignInAsync(email);
        Assert.Equal("Account locked", right.Heading);
        Assert.False(right.IsSignedIn());
        var end = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync());
        Assert.NotNull(end);
        Assert.InRange(end.Value - factory.Clock.GetUtcNow(), TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    private static Task<HtmlPage> SignInAsync(ShopBrowser browser, HtmlPage form, string email, string password) =>
        browser.SubmitAsync(form, "#login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }, button: "Sign in");
}
