using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account.Login;

/// <summary>
/// Guesses sent all at once each read the account before any of them failed: the one with the right password must
/// still not sign in once the wrong ones have locked the account while its password was being hashed.
/// </summary>
public sealed class ParallelGuessesTests(ParallelGuessesTests.Shop factory) : IClassFixture<ParallelGuessesTests.Shop>
{
    /// <summary>A shop where the account can be locked right after a sign-in read it, as guesses racing it would.</summary>
    public sealed class Shop() : ShopFactory(settings: null, services: services => AddStoreInterceptor(services, AfterAccountRead))
    {
        public static readonly AfterRead AfterAccountRead = new("\"NormalizedEmail\" = ");
    }

    [Fact]
    public async Task The_right_password_does_not_sign_in_an_account_locked_while_it_was_checked()
    {
        var (shopper, email) = await factory.SignedInShopperAsync();
        shopper.Dispose();
        using var browser = factory.CreateBrowser();
        var form = await browser.GetAsync("/account/login");

        // The wrong guesses sent beside this one lock the account after it was read, before its password is checked.
        Shop.AfterAccountRead.Then = () => factory.WithDbAsync(db => db.Users.Where(u => u.Email == email)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(15))));
        var answer = await browser.SubmitAsync(form, "#login", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = AccountSteps.Password, ["Input.RememberMe"] = "false",
        }, button: "Sign in");

        Assert.True(Shop.AfterAccountRead.Fired, "the account was locked after the sign-in read it");
        Assert.Equal("Account locked", answer.Heading);
        Assert.False(answer.IsSignedIn());
    }
}
